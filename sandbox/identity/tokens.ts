import { createHash } from 'node:crypto';
import type { AccessClaims, TokenVerifier } from '../core/auth.js';
import type { SandboxDb } from '../core/db.js';
import type { DirectoryUser } from '../core/directory.js';
import type { Directory } from './directory.js';
import type { SigningKey } from './keys.js';
import { GRAPH_APP_ID, GRAPH_RESOURCE, graphScopes, responseScope } from './scopes.js';
import { randomToken, digest } from './secrets.js';

/** The token endpoint's success body, as Microsoft sends it. */
export interface TokenResponse {
  token_type: 'Bearer';
  scope: string;
  expires_in: number;
  ext_expires_in: number;
  access_token: string;
  refresh_token?: string;
  id_token?: string;
  client_info?: string;
}

export interface Issue {
  user: DirectoryUser;
  clientId: string;
  /** Every scope granted to this app for this user (the response lists them all). */
  granted: Set<string>;
  nonce?: string;
  clientInfo: boolean;
  /** The origin the client reached the token endpoint at: the id_token's issuer names it (default: the bound URL). */
  issuerBase?: string;
}

/** Mints and checks access tokens, id tokens and refresh tokens. */
export class TokenIssuer implements TokenVerifier {
  constructor(
    private readonly db: SandboxDb,
    private readonly key: SigningKey,
    private readonly directory: Directory,
    private readonly loginBase: () => string,
    private readonly accessLifetimeSec: () => number,
    private readonly now: () => number,
    private readonly appName: (clientId: string) => string | undefined = () => undefined,
  ) {}

  /** The v2.0 issuer of one tenant, under the origin the client used (MSAL compares it with its authority). */
  issuerFor(tenantId: string, base = this.loginBase()): string {
    return `${base}/${tenantId}/v2.0`;
  }

  issue(input: Issue): TokenResponse {
    const { user, clientId, granted } = input;
    const nowSec = Math.floor(this.now() / 1000);
    const lifetime = this.accessLifetimeSec();
    const epoch = this.directory.tokenEpoch(user.id) ?? 0;
    const uti = randomToken(16);
    this.db.prepare('INSERT INTO id_access_tokens (uti, user_id, epoch, expires_at) VALUES (?, ?, ?, ?)')
      .run(uti, user.id, epoch, (nowSec + lifetime) * 1000);
    // Access tokens for Graph carry the v1 issuer, as Microsoft's do.
    const access = this.key.sign({
      aud: GRAPH_RESOURCE, iss: `https://sts.windows.net/${user.tenantId}/`, iat: nowSec, nbf: nowSec, exp: nowSec + lifetime,
      app_displayname: this.appName(clientId) ?? clientId, appid: clientId, appidacr: '1', idtyp: 'user', name: user.displayName, oid: user.id,
      scp: graphScopes(granted).join(' '), sub: pairwise(user.id, GRAPH_APP_ID), tid: user.tenantId,
      unique_name: user.userPrincipalName, upn: user.userPrincipalName, uti, ver: '1.0',
    });
    const body: TokenResponse = { token_type: 'Bearer', scope: responseScope(granted), expires_in: lifetime, ext_expires_in: lifetime, access_token: access };
    if (granted.has('offline_access')) body.refresh_token = this.newRefreshToken(user.id, clientId, epoch);
    if (granted.has('openid')) {
      body.id_token = this.key.sign({
        aud: clientId, iss: this.issuerFor(user.tenantId, input.issuerBase), iat: nowSec, nbf: nowSec, exp: nowSec + 3600,
        ...(granted.has('email') ? { email: user.mail } : {}),
        name: user.displayName, ...(input.nonce ? { nonce: input.nonce } : {}), oid: user.id,
        preferred_username: user.userPrincipalName, sub: pairwise(user.id, clientId), tid: user.tenantId, uti: randomToken(16), ver: '2.0',
      });
    }
    if (input.clientInfo) body.client_info = Buffer.from(JSON.stringify({ uid: user.id, utid: user.tenantId })).toString('base64url');
    return body;
  }

  private newRefreshToken(userId: string, clientId: string, epoch: number): string {
    // Real refresh tokens are long opaque strings starting with a version marker.
    const token = `1.AS0A${randomToken(96)}`;
    this.db.prepare('INSERT INTO id_refresh_tokens (hash, user_id, client_id, epoch, issued_at) VALUES (?, ?, ?, ?, ?)')
      .run(digest(token), userId, clientId, epoch, this.now());
    return token;
  }

  verify(bearer: string): AccessClaims | null {
    const claims = this.key.verify(bearer);
    if (!claims || claims.aud !== GRAPH_RESOURCE && claims.aud !== GRAPH_APP_ID) return null;
    const exp = Number(claims.exp);
    if (!Number.isFinite(exp) || exp * 1000 <= this.now()) return null;
    const row = this.db.prepare('SELECT user_id, epoch FROM id_access_tokens WHERE uti = ?').get(String(claims.uti)) as { user_id: string; epoch: number } | undefined;
    if (!row || row.user_id !== claims.oid || this.directory.tokenEpoch(row.user_id) !== row.epoch) return null;
    return {
      tenantId: String(claims.tid), userId: String(claims.oid), appId: String(claims.appid), upn: String(claims.upn),
      scopes: new Set(String(claims.scp ?? '').split(' ').filter(Boolean)), expiresAt: exp * 1000,
    };
  }

  /** Drops bookkeeping for access tokens that have expired anyway. */
  prune(): void {
    this.db.prepare('DELETE FROM id_access_tokens WHERE expires_at < ?').run(this.now());
  }
}

/** Microsoft's `sub` is pairwise per app: stable for one app, different across apps. */
function pairwise(oid: string, clientId: string): string {
  return createHash('sha256').update(`${oid}:${clientId}`).digest('base64url').slice(0, 43);
}

