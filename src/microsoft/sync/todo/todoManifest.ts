import type { ResourceManifest } from '../manifest.js';
import { tandemListId } from './lists.js';
import { hasRemovals, settleRemovals } from './removals.js';
import { purgeTodo } from './purge.js';
import { taskLiveEvent } from './liveEvent.js';
import { todoResource, type TodoResourceOptions } from './todoResource.js';
import { todoWriteBack } from './todoWriteBack.js';

/** Microsoft To Do as one two-way resource of the sync engine: CRM tasks opted in per task. */
export function todoManifest(options: TodoResourceOptions = {}): ResourceManifest {
  return {
    name: 'todo',
    feature: 'todo',
    // Subscriptions watch one list's tasks: the Tandem list, where opted-in tasks are made.
    subscription: {
      resource: '/me/todo/lists/{tandem}/tasks', changeType: 'created,updated,deleted', maxLifetimeMinutes: 4_230,
      resourceFor: async (ctx) => `/me/todo/lists/${await tandemListId(ctx)}/tasks`,
    },
    sync: todoResource(options),
    catchUp: { everyMs: 2 * 60_000, scopes: (all) => all.filter((sc) => sc.primary).slice(0, 1) },
    // Every list, then the linked tasks that left one: a move turned up in another list by now.
    async plan(tools) {
      await tools.run(tools.scopes());
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
