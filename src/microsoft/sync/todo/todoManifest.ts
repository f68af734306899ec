import { isMicrosoftError } from '../../graph/errors.js';
import type { ResourceManifest } from '../manifest.js';
import { syncStates } from '../syncStates.js';
import { knownTandemList, tandemListId } from './lists.js';
import { hasRemovals, settleRemovals } from './removals.js';
import { purgeTodo } from './purge.js';
import { taskLiveEvent } from './liveEvent.js';
import { todoResource, type TodoResourceOptions } from './todoResource.js';
import { todoWriteBack } from './todoWriteBack.js';

/** Polling runs every list at least this often (POLL_INTERVAL_MS is far shorter by default). */
const SETTLE_AFTER_MS = 5 * 60_000;

/** Microsoft To Do as one two-way resource of the sync engine: CRM tasks opted in per task. */
export function todoManifest(options: TodoResourceOptions = {}): ResourceManifest {
  return {
    name: 'todo',
    feature: 'todo',
    // Subscriptions watch one list's tasks: the Tandem list, where opted-in tasks are made.
    subscription: {
      resource: '/me/todo/lists/{tandem}/tasks', changeType: 'created,updated,deleted', maxLifetimeMinutes: 4_230,
      resourceFor: async (ctx) => `/me/todo/lists/${await tandemListId(ctx)}/tasks`,
      currentResource: (accountId) => {
        const id = knownTandemList(accountId);
        return id ? `/me/todo/lists/${id}/tasks` : undefined;
      },
    },
    sync: todoResource(options),
    catchUp: { everyMs: 2 * 60_000, scopes: (all) => all.filter((sc) => sc.primary).slice(0, 1) },
    /**
     * The scopes with a cursor. Runs that follow notifications settle removals in `plan`; sweeps and
     * polling (no public URL) run every list without it, so a removal still unsettled minutes later,
     * after such runs have seen every list, is settled as the next run starts.
     */
    async knownScopes(ctx) {
      await settleRemovals(ctx, new Date(Date.now() - SETTLE_AFTER_MS).toISOString());
      return (await syncStates.list(ctx.db, ctx.account.id, 'todo')).map((r) => ({ key: r.scope_key, name: r.scope_name ?? r.scope_key, primary: r.scope_key === knownTandemList(ctx.account.id) }));
    },
    // Every list, then the linked tasks that left one: a move turned up in another list by now.
    async plan(tools) {
      try {
        await tools.run(tools.scopes());
      } catch (err) {
        // A list deleted in To Do: listing the lists drops it (and marks its linked tasks gone).
        if (!isMicrosoftError(err, 'notFound')) throw err;
        await tools.run(await tools.listScopes());
      }
      if (!(await hasRemovals(tools.ctx))) return;
      await tools.run(await tools.listScopes());
      await settleRemovals(tools.ctx);
    },
    liveEvent: taskLiveEvent,
    purge: (trx, account) => purgeTodo(trx, account),
    items: { one: 'To Do task', other: 'To Do tasks' },
    writeBack: todoWriteBack(),
  };
}
