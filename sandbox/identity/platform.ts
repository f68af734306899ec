import type { FastifyRequest } from 'fastify';
import type { SandboxConfig } from '../core/config.js';
import type { SandboxDb } from '../core/db.js';
import type { DirectoryUser } from '../core/directory.js';
import { requestOrigin } from '../core/origin.js';
import { Apps } from './apps.js';
import { Codes, Transactions } from './codes.js';
import { Directory, type Tenant } from './directory.js';
import { Aad } from './errors.js';
import { Grants, Settings } from './grants.js';
import { SigningKey } from './keys.js';
import { TokenIssuer } from './tokens.js';

/** Path segments that stand for "any tenant" rather than one directory. */
export const MULTI_TENANT = ['common', 'organizations', 'consumers'] as const;

export type TenantPath = { kind: 'multi'; name: string } | { kind: 'tenant'; tenant: Tenant };

/** State of one interactive flow (authorize or adminconsent), kept server-side between pages. */
export interface AuthTransaction {
  flow: 'authorize' | 'adminconsent';
  tenantPath: string;
  tenantId?: string;
  clientId: string;
  redirectUri: string;
  responseMode: 'query' | 'form_post';
  state?: string;
  nonce?: string;
  codeChallenge?: string;
  prompt?: string;
  requested: string[];
  wantsDefault: boolean;
  userId?: string;
  /** Scopes on the consent page the user is looking at. */
  pending?: string[];
}

const DAY = 86_400;

/** Every piece of the identity platform, built once per sandbox. */
export class IdentityPlatform {
  readonly directory: Directory;
  readonly apps: Apps;
  readonly grants: Grants;
  readonly settings: Settings;
  readonly key: SigningKey;
  readonly tokens: TokenIssuer;
  readonly codes: Codes;
  readonly transactions: Transactions<AuthTransaction>;
  /** Token requests answered since start (or the last reset), by grant_type: shows what a client's cache saved. */
  readonly tokenRequests = new Map<string, number>();
  /** The bound listener's URL; answers use the origin each request came to (see origin()). */
  loginBase = 'https://127.0.0.1';

  constructor(readonly db: SandboxDb, readonly config: SandboxConfig, readonly now: () => number) {
    const tuning = config.identity ?? {};
    this.directory = new Directory(db);
    this.apps = new Apps(db);
    this.grants = new Grants(db);
    this.settings = new Settings(db);
    this.key = SigningKey.load(config.dataDir);
    this.codes = new Codes(db, now, () => (tuning.codeLifetimeSec ?? 600) * 1000);
    this.transactions = new Transactions<AuthTransaction>(db, now);
    this.tokens = new TokenIssuer(db, this.key, this.directory, () => this.loginBase, () => this.accessTokenLifetimeSec(), now,
      (clientId) => this.apps.get(clientId)?.displayName);
  }

  /** The origin a request reached the login listener at: discovery, metadata and issuers are built on it. */
  origin(req: Pick<FastifyRequest, 'headers'>): string {
    return requestOrigin(req, this.loginBase, this.config.publicLoginUrl);
  }

  accessTokenLifetimeSec(): number {
    const stored = Number(this.settings.get('accessTokenLifetimeSec'));
    return stored > 0 ? stored : this.config.identity?.accessTokenLifetimeSec ?? 3600;
  }

  refreshIdleSec(): number {
    return this.config.identity?.refreshIdleSec ?? 90 * DAY;
  }

  /** Resolves `{tenant}` in a path; throws AADSTS90002 for an unknown one. */
  resolveTenant(segment: string): TenantPath {
    if ((MULTI_TENANT as readonly string[]).includes(segment.toLowerCase())) return { kind: 'multi', name: segment.toLowerCase() };
    const tenant = this.directory.tenant(segment);
    if (!tenant) throw Aad.tenantNotFound(segment);
    return { kind: 'tenant', tenant };
  }

  /** A user by object id or UPN, for the control API. */
  findUser(ref: string): DirectoryUser | undefined {
    return this.directory.userById(ref) ?? this.directory.userByEmail(ref);
  }

  /** Like Entra's revokeSignInSessions: refresh and access tokens issued so far stop working. */
  revokeSessions(userId: string): void {
    this.directory.bumpTokenEpoch(userId);
  }

  /** Removes the user's consents as well, so the next sign-in asks again. */
  revokeGrants(userId: string): void {
    this.grants.removeUserGrants(userId);
    this.directory.bumpTokenEpoch(userId);
  }

  /** Makes the user's refresh tokens look unused for longer than the inactivity window. */
  ageRefreshTokens(userId: string): number {
    return this.codes.ageRefreshTokens(userId, (this.refreshIdleSec() + DAY) * 1000);
  }
}
