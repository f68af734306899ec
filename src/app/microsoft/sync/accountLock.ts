import type { DatabaseHandle } from '../../../db/database.js';

export const ACCOUNT_BUSY = Symbol('account busy');

/**
 * Outlook allows 4 concurrent requests per app per mailbox, and the Graph client enforces that
 * within one process. With several worker processes on PostgreSQL, a session-level advisory lock
 * keeps one resource's sync runs of an account to one process at a time, so cursors are never
 * advanced by two runs at once. SQLite deployments run one process, where the in-process lock
 * already serializes runs.
 */
export async function withAccountLock<T>(database: DatabaseHandle, accountId: string, resource: string, work: () => Promise<T>): Promise<T | typeof ACCOUNT_BUSY> {
  if (!database.pgPool) return work();
  const client = await database.pgPool.connect();
  try {
    // Mail keeps the key it always had, so processes of two versions never sync one mailbox at once.
    const key = resource === 'mail' ? `tandem.mailsync:${accountId}` : `tandem.sync:${resource}:${accountId}`;
    const got = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock(hashtext($1)) AS ok', [key]);
    if (!got.rows[0]?.ok) return ACCOUNT_BUSY;
    try {
      return await work();
    } finally {
      await client.query('SELECT pg_advisory_unlock(hashtext($1))', [key]);
    }
  } finally {
    client.release();
  }
}
