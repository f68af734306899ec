import type { DatabaseHandle } from '../../../db/database.js';

export const MAILBOX_BUSY = Symbol('mailbox busy');

/**
 * Outlook allows 4 concurrent requests per app per mailbox, and the Graph client enforces that
 * within one process. With several worker processes on PostgreSQL, a session-level advisory lock
 * keeps a mailbox's sync runs to one process at a time, so the per-process cap is the real cap.
 * SQLite deployments run one process, where the in-process lock already serializes runs.
 */
export async function withMailboxLock<T>(database: DatabaseHandle, accountId: string, work: () => Promise<T>): Promise<T | typeof MAILBOX_BUSY> {
  if (!database.pgPool) return work();
  const client = await database.pgPool.connect();
  try {
    const key = `tandem.mailsync:${accountId}`;
    const got = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock(hashtext($1)) AS ok', [key]);
    if (!got.rows[0]?.ok) return MAILBOX_BUSY;
    try {
      return await work();
    } finally {
      await client.query('SELECT pg_advisory_unlock(hashtext($1))', [key]);
    }
  } finally {
    client.release();
  }
}
