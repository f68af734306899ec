import { createHash } from 'node:crypto';
import type { SandboxDb } from '../core/db.js';
import { Aad } from './errors.js';
import { digest, randomToken } from './secrets.js';

/** What an authorization code stands for, kept server-side under the code's hash. */
export interface CodeGrant {
  clientId: string;
  userId: string;
  tenantId: string;
  redirectUri: string;
  codeChallenge: string;
  nonce?: string;
}

export interface RefreshRecord {
  userId: string;
  clientId: string;
  epoch: number;
  issuedAt: number;
}

/** Authorization codes (single use, short life) and refresh-token lookups. */
export class Codes {
  constructor(private readonly db: SandboxDb, private readonly now: () => number, private readonly lifetimeMs: () => number) {}

  create(grant: CodeGrant): string {
    const code = `1.AS0A${randomToken(64)}`;
    this.db.prepare('INSERT INTO id_codes (hash, body, expires_at) VALUES (?, ?, ?)').run(digest(code), JSON.stringify(grant), this.now() + this.lifetimeMs());
    return code;
  }

  /**
   * Redeems a code once. Checks, in Microsoft's order: known, not redeemed, not expired,
   * same client and redirect URI, then the PKCE verifier.
   */
  redeem(code: string, clientId: string, redirectUri: string, verifier: string | undefined): CodeGrant {
    const row = this.db.prepare('SELECT body, expires_at, redeemed_at FROM id_codes WHERE hash = ?').get(digest(code)) as
      { body: string; expires_at: number; redeemed_at: number | null } | undefined;
    if (!row) throw Aad.malformedGrant();
    if (row.redeemed_at !== null) throw Aad.codeRedeemed();
    if (row.expires_at <= this.now()) throw Aad.codeExpired();
    const grant = JSON.parse(row.body) as CodeGrant;
    if (grant.clientId !== clientId || grant.redirectUri !== redirectUri) throw Aad.codeClientMismatch();
    if (!verifier || createHash('sha256').update(verifier).digest('base64url') !== grant.codeChallenge) throw Aad.verifierMismatch();
    // Marked before tokens are minted: a code never yields two sets of tokens.
    this.db.prepare('UPDATE id_codes SET redeemed_at = ? WHERE hash = ?').run(this.now(), digest(code));
    return grant;
  }

  refreshToken(token: string): RefreshRecord | undefined {
    const row = this.db.prepare('SELECT user_id, client_id, epoch, issued_at FROM id_refresh_tokens WHERE hash = ?').get(digest(token)) as
      { user_id: string; client_id: string; epoch: number; issued_at: number } | undefined;
    return row && { userId: row.user_id, clientId: row.client_id, epoch: row.epoch, issuedAt: row.issued_at };
  }

  /** Moves every refresh token of the user back in time, as if unused for `byMs`. */
  ageRefreshTokens(userId: string, byMs: number): number {
    return this.db.prepare('UPDATE id_refresh_tokens SET issued_at = issued_at - ? WHERE user_id = ?').run(byMs, userId).changes;
  }

  prune(): void {
    this.db.prepare('DELETE FROM id_codes WHERE expires_at < ?').run(this.now() - 86_400_000);
  }
}

/** Sign-in transactions: the authorize request's validated parameters, between page posts. */
export class Transactions<T extends object> {
  constructor(private readonly db: SandboxDb, private readonly now: () => number) {}

  create(body: T): string {
    const id = randomToken(24);
    this.db.prepare('INSERT INTO id_transactions (id, body, expires_at) VALUES (?, ?, ?)').run(id, JSON.stringify(body), this.now() + 30 * 60_000);
    return id;
  }

  get(id: string): T | undefined {
    const row = this.db.prepare('SELECT body, expires_at FROM id_transactions WHERE id = ?').get(id) as { body: string; expires_at: number } | undefined;
    if (!row || row.expires_at <= this.now()) return undefined;
    return JSON.parse(row.body) as T;
  }

  update(id: string, body: T): void {
    this.db.prepare('UPDATE id_transactions SET body = ? WHERE id = ?').run(JSON.stringify(body), id);
  }

  finish(id: string): void {
    this.db.prepare('DELETE FROM id_transactions WHERE id = ? OR expires_at < ?').run(id, this.now());
  }
}
