import { stopTaskSync } from '../../../crm/taskSync.js';
import type { Db } from '../../../db/database.js';
import type { SyncAccount, Trx } from '../contract.js';

/**
 * Disconnect: every To Do row of the account goes and its tasks are no longer synced (the engine
 * removes the links and outbox). CRM tasks stay, as CRM data; the copies in To Do are untouched.
 * Answers how many CRM tasks were synced with To Do (what the receipt counts).
 */
export async function purgeTodo(trx: Trx, account: SyncAccount): Promise<number> {
  const synced = await trx.selectFrom('tasks').select('id').where('workspace_id', '=', account.workspaceId).where('todo_user_id', '=', account.userId).execute();
  await stopTaskSync(trx as Db, synced.map((t) => t.id));
  await trx.deleteFrom('todo_items').where('account_id', '=', account.id).execute();
  return synced.length;
}
