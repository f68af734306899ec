import type { SyncContext } from '../contract.js';
import { links } from '../links.js';
import { syncStates } from '../syncStates.js';
import { deleteItems, markRemoved } from './store.js';

/**
 * Lists deleted in To Do (their tasks with them): their cursors go, their unlinked tasks' rows
 * go, and their linked tasks are marked gone like tasks deleted one by one, so the run settles
 * them (sync off, timeline note) unless they turned up in another list.
 */
export async function dropGoneLists(ctx: SyncContext, present: Set<string>): Promise<void> {
  const stored = await syncStates.list(ctx.db, ctx.account.id, 'todo');
  const gone = stored.map((s) => s.scope_key).filter((k) => !present.has(k));
  if (!gone.length) return;
  await ctx.db.transaction().execute(async (trx) => {
    for (const listId of gone) {
      const items = (await trx.selectFrom('todo_items').select('graph_id').where('account_id', '=', ctx.account.id).where('list_graph_id', '=', listId).execute()).map((i) => i.graph_id);
      const linked = new Set((await links.byGraphIds(trx, ctx.account.id, 'todo', items)).map((l) => l.graph_id));
      await deleteItems(trx, ctx.account.id, items.filter((g) => !linked.has(g)));
      await markRemoved(trx, ctx.account.id, [...linked]);
      await syncStates.remove(trx, { accountId: ctx.account.id, resource: 'todo', scopeKey: listId });
    }
  });
}
