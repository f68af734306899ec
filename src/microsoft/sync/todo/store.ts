import { newId } from '../../../lib/ids.js';
import type { SyncAccount, Trx } from '../contract.js';
import { externalIdOf, type GraphTodoTask } from './mapTask.js';

const now = () => new Date().toISOString();

/** Upserts the account's copy of todoTasks of one list; answers the row id per Graph id. */
export async function upsertItems(trx: Trx, account: SyncAccount, listId: string, tasks: GraphTodoTask[], round: string | null): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for (const t of tasks) {
    const values = {
      id: newId(), account_id: account.id, workspace_id: account.workspaceId, user_id: account.userId, list_graph_id: listId, graph_id: t.id!,
      title: t.title ?? '', status: t.status ?? 'notStarted', external_id: externalIdOf(t), etag: t['@odata.etag'] ?? null,
      removed_at: null, sync_round: round, updated_at: now(),
    };
    const row = await trx.insertInto('todo_items').values(values)
      .onConflict((oc) => oc.columns(['account_id', 'graph_id']).doUpdateSet({
        list_graph_id: values.list_graph_id, title: values.title, status: values.status, external_id: values.external_id,
        etag: values.etag, removed_at: null, updated_at: values.updated_at, ...(round ? { sync_round: round } : {}),
      }))
      .returning('id').executeTakeFirstOrThrow();
    ids.set(t.id!, row.id);
  }
  return ids;
}

export async function deleteItems(trx: Trx, accountId: string, graphIds: string[]): Promise<void> {
  for (let i = 0; i < graphIds.length; i += 500) {
    await trx.deleteFrom('todo_items').where('account_id', '=', accountId).where('graph_id', 'in', graphIds.slice(i, i + 500)).execute();
  }
}

/** Marks linked tasks gone from their list; the end of the run decides between moved and deleted (removals.ts). */
export async function markRemoved(trx: Trx, accountId: string, graphIds: string[]): Promise<void> {
  for (let i = 0; i < graphIds.length; i += 500) {
    await trx.updateTable('todo_items').set({ removed_at: now() }).where('account_id', '=', accountId).where('graph_id', 'in', graphIds.slice(i, i + 500)).execute();
  }
}
