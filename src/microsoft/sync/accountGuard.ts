import { PostgresAdapter } from 'kysely';
import type { Trx } from './contract.js';

/** The account was disconnected (or is being) while a sync run was under way. */
export class AccountNotActive extends Error {}

/**
 * Checked inside every page's transaction, so a run already in flight when the user disconnects
 * can never write rows after disconnect deleted them. SQLite transactions begin immediate and so
 * serialize with disconnect's; on PostgreSQL the row is share-locked until the page commits, so
 * disconnect's status change waits for it and its deletes see the page's rows.
 */
export async function assertAccountActive(trx: Trx, accountId: string): Promise<void> {
  let query = trx.selectFrom('microsoft_accounts').select('status').where('id', '=', accountId);
  if (trx.getExecutor().adapter instanceof PostgresAdapter) query = query.forShare();
  const row = await query.executeTakeFirst();
  if (row?.status !== 'active') throw new AccountNotActive(`account ${accountId} is no longer connected`);
}
