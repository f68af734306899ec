import type { DeltaItem, PageResult, SyncContext, SyncResource, SyncScope, Trx } from '../contract.js';
import { links } from '../links.js';
import { applyToCrm } from './applyToCrm.js';
import { listTodoLists } from './lists.js';
import type { GraphTodoTask } from './mapTask.js';
import { deleteItems, markRemoved, upsertItems } from './store.js';

export interface TodoResourceOptions {
  /** Prefer: odata.maxpagesize. */
  maxPageSize?: number;
}

/** Every read asks for UTC, so a due date comes back as the day it was written (mapTask.ts). */
export const TODO_HEADERS = { prefer: 'outlook.timezone="UTC"' };

/** The CRM task ids a page changed, beside its rows (for the live event); keyed by the page's row ids. */
export const changedTasks = new WeakMap<PageResult, string[]>();

/**
 * Microsoft To Do: one scope per list, each a tasks delta with the linkedResources that tie a task
 * to its CRM task. Every task is mirrored (todo_items), linked or not: a linked task moved to an
 * unlinked list is found there by its link.
 */
export function todoResource(options: TodoResourceOptions = {}): SyncResource {
  const pageSize = options.maxPageSize ?? 100;
  return {
    name: 'todo',
    listScopes: (ctx) => listTodoLists(ctx),
    firstUrl: (scope: SyncScope) => `/me/todo/lists/${encodeURIComponent(scope.key)}/tasks/delta?$expand=linkedResources`,
    headers: () => ({ prefer: `${TODO_HEADERS.prefer}, odata.maxpagesize=${pageSize}` }),

    /** A todoTask has no changeKey: its etag is what Tandem wrote (the link holds it). */
    async echoes(ctx: SyncContext, items: DeltaItem[]): Promise<Set<string>> {
      const keyed = items.filter((i) => typeof i.id === 'string' && typeof i['@odata.etag'] === 'string' && !i['@removed']);
      const rows = await links.byGraphIds(ctx.db, ctx.account.id, 'todo', keyed.map((i) => i.id!));
      const written = new Map(rows.map((r) => [r.graph_id, r.change_key]));
      return new Set(keyed.filter((i) => written.get(i.id!) === i['@odata.etag']).map((i) => i.id!));
    },

    async applyPage(trx: Trx, ctx: SyncContext, scope: SyncScope, items: DeltaItem[], round: string | null): Promise<PageResult> {
      const latest = new Map<string, DeltaItem>();
      // Replays within a page: the last version wins.
      for (const item of items) if (typeof item.id === 'string') latest.set(item.id, item);
      const removed = [...latest.values()].filter((i) => i['@removed']).map((i) => i.id!);
      const present = [...latest.values()].filter((i) => !i['@removed']) as GraphTodoTask[];
      const linkedGone = new Set((await links.byGraphIds(trx, ctx.account.id, 'todo', removed)).map((l) => l.graph_id));
      await deleteItems(trx, ctx.account.id, removed.filter((id) => !linkedGone.has(id)));
      await markRemoved(trx, ctx.account.id, [...linkedGone]);
      const ids = await upsertItems(trx, ctx.account, scope.key, present, round);
      const result: PageResult = { upserted: [...ids.values()], removed };
      changedTasks.set(result, await applyToCrm(trx, ctx, present));
      return result;
    },

    async sweep(trx: Trx, ctx: SyncContext, scope: SyncScope, round: string): Promise<number> {
      const stale = await trx.selectFrom('todo_items').select('graph_id').where('account_id', '=', ctx.account.id).where('list_graph_id', '=', scope.key)
        .where((eb) => eb.or([eb('sync_round', 'is', null), eb('sync_round', '!=', round)])).execute();
      const ids = stale.map((s) => s.graph_id);
      const linked = new Set((await links.byGraphIds(trx, ctx.account.id, 'todo', ids)).map((l) => l.graph_id));
      await deleteItems(trx, ctx.account.id, ids.filter((id) => !linked.has(id)));
      await markRemoved(trx, ctx.account.id, [...linked]);
      return ids.length;
    },
  };
}
