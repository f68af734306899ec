import { randomBytes } from 'node:crypto';
import type { Db } from '../../db/database.js';
import type { SecretBox } from '../../lib/secretBox.js';

export type SignInPurpose = 'connect' | 'enable' | 'reconnect' | 'adminConsent';

/** What the callback needs to finish a sign-in; sealed at rest because the PKCE verifier redeems the code. */
export interface SignInSecret {
  codeVerifier: string;
  nonce: string;
  scopes: string[];
  features: string[];
  /** The Tandem workspace the user was in when connecting: where the account's synced rows belong. */
  workspaceId: string;
  /** For adminConsent: the tenant the admin was sent to, the only tenant the result may be recorded for. */
  tenantId?: string;
  /** For enable/reconnect: the account being extended or restored. */
  accountId?: string;
}

export interface SignIn {
  state: string;
  userId: string;
  purpose: SignInPurpose;
  secret: SignInSecret;
}

export type ConsumeResult = { ok: true; signIn: SignIn } | { ok: false; reason: 'unknown' | 'expired' };

export const SIGN_IN_TTL_MS = 10 * 60_000;

/**
 * Sign-ins in progress, keyed by the OAuth `state`. A row is consumed by deleting it, and only
 * the caller whose delete removed the row proceeds, so a replayed callback can never redeem twice.
 */
export class SignInStore {
  constructor(private readonly db: Db, private readonly box: SecretBox, private readonly ttlMs = SIGN_IN_TTL_MS) {}

  /** Records a sign-in under `state` (a fresh random one unless the auth layer already chose it). */
  async create(userId: string, purpose: SignInPurpose, secret: SignInSecret, state = randomBytes(32).toString('base64url')): Promise<string> {
    await this.db.insertInto('microsoft_sign_ins').values({
      state, user_id: userId, purpose, sealed: this.box.seal(JSON.stringify(secret)),
      expires_at: new Date(Date.now() + this.ttlMs).toISOString(),
    }).execute();
    // Abandoned sign-ins are swept opportunistically; they hold nothing usable once expired.
    await this.db.deleteFrom('microsoft_sign_ins').where('expires_at', '<', new Date().toISOString()).execute();
    return state;
  }

  async consume(state: string): Promise<ConsumeResult> {
    if (!state || state.length > 200) return { ok: false, reason: 'unknown' };
    const row = await this.db.selectFrom('microsoft_sign_ins').selectAll().where('state', '=', state).executeTakeFirst();
    if (!row) return { ok: false, reason: 'unknown' };
    const res = await this.db.deleteFrom('microsoft_sign_ins').where('state', '=', state).executeTakeFirst();
    if (Number(res.numDeletedRows) !== 1) return { ok: false, reason: 'unknown' };
    if (Date.parse(row.expires_at) <= Date.now()) return { ok: false, reason: 'expired' };
    return {
      ok: true,
      signIn: { state, userId: row.user_id, purpose: row.purpose as SignInPurpose, secret: JSON.parse(this.box.open(row.sealed)) as SignInSecret },
    };
  }

  async deleteForUser(userId: string): Promise<void> {
    await this.db.deleteFrom('microsoft_sign_ins').where('user_id', '=', userId).execute();
  }
}
