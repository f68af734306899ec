import { sql } from 'kysely';
import type { Db } from '../../db/database.js';
import { isUniqueViolation } from '../../crm/errors.js';
import type { SecretBox } from '../../lib/secretBox.js';
import type { TokenCacheStore } from '../auth/tokenCacheStore.js';

/**
 * MSAL's serialized token cache per account, sealed with TANDEM_SECRET_KEY. Writes are
 * compare-and-set on `version`: a writer holding an older read loses, so a slow refresh can never
 * overwrite the newer refresh token another process just stored.
 */
export class DbTokenCacheStore implements TokenCacheStore {
  constructor(private readonly db: Db, private readonly box: SecretBox, private readonly kind: 'sqlite' | 'postgres') {}

  async load(key: string): Promise<{ data: string; version: number } | null> {
    const row = await this.db.selectFrom('microsoft_token_caches').select(['sealed', 'version']).where('account_key', '=', key).executeTakeFirst();
    return row ? { data: this.box.open(row.sealed), version: Number(row.version) } : null;
  }

  /** Saves when the stored version is still `expectedVersion` (null: no row yet). Returns false when another writer won. */
  async save(key: string, data: string, expectedVersion: number | null): Promise<boolean> {
    const sealed = this.box.seal(data);
    const at = new Date().toISOString();
    if (expectedVersion === null) {
      try {
        await this.db.insertInto('microsoft_token_caches').values({ account_key: key, sealed, version: 1, updated_at: at }).execute();
        return true;
      } catch (err) {
        if (isUniqueViolation(err)) return false;
        throw err;
      }
    }
    const res = await this.db.updateTable('microsoft_token_caches')
      .set({ sealed, version: expectedVersion + 1, updated_at: at })
      .where('account_key', '=', key).where('version', '=', expectedVersion)
      .executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  }

  /**
   * PostgreSQL: a session advisory lock per account key, so processes on several machines take turns
   * refreshing. SQLite runs in one process, where the auth layer's in-process single flight suffices.
   */
  withLock = async <T>(key: string, fn: () => Promise<T>): Promise<T> => {
    if (this.kind !== 'postgres') return fn();
    return this.db.connection().execute(async (conn) => {
      await sql`select pg_advisory_lock(hashtext(${key}))`.execute(conn);
      try {
        return await fn();
      } finally {
        await sql`select pg_advisory_unlock(hashtext(${key}))`.execute(conn);
      }
    });
  };

  /** Moves a cache to another key, replacing what was there (a finished sign-in adopting its account's key). */
  async move(fromKey: string, toKey: string): Promise<void> {
    const from = await this.load(fromKey);
    if (!from) throw new Error('no token cache to move');
    for (let i = 0; i < 5; i += 1) {
      const current = await this.load(toKey);
      if (await this.save(toKey, from.data, current ? current.version : null)) {
        await this.delete(fromKey);
        return;
      }
    }
    throw new Error('token cache kept changing while being replaced');
  }

  async delete(key: string): Promise<void> {
    await this.db.deleteFrom('microsoft_token_caches').where('account_key', '=', key).execute();
  }
}
