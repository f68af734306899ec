import type { FastifyInstance } from 'fastify';
import type { SandboxContext } from '../../core/context.js';
import { serveDelta, type DeltaBase, type DeltaItem, type DeltaSource } from '../delta/engine.js';
import { registerEpochKeeper, replaySettings, tableEpochs } from '../delta/settings.js';
import { graphRoute, type GraphCall } from '../http/route.js';
import { cachedStatement } from '../mail/mailbox.js';
import { checkOptions } from '../odata/options.js';
import { expandsLinks, listOr404, taskZone } from './common.js';
import { linksOfMany } from './linkStore.js';
import type { ListRow, TaskRow } from './schema.js';
import { listObject, taskObject, taskSelect } from './serialize.js';
import { ensureTodo } from './store.js';

// Task lists and tasks share one epoch per user: an eviction invalidates every To Do token.
registerEpochKeeper('todo', tableEpochs('todo'));

/** A To Do delta state: the change range (lo, hi] still to page through, and the round's options. */
interface TodoState extends DeltaBase {
  lo: number;
  hi: number;
  /** 1 once a deltaLink was followed: removals are reported only then. */
  r: 0 | 1;
  s?: string[];
  /** $expand=linkedResources */
  x2?: 1;
}

type Item<R> = { seq: number; row: R; id?: undefined } | { seq: number; id: string; row?: undefined };

/** Live rows and tombstones of one scope in change order, at most `limit`. */
function merged<R extends { seq: number }>(rows: R[], tombs: Array<{ seq: number; id: string }>, limit: number): Array<Item<R>> {
  const all: Array<Item<R>> = [...rows.map((row) => ({ seq: row.seq, row })), ...tombs.map((t) => ({ seq: t.seq, id: t.id }))];
  return all.sort((a, b) => a.seq - b.seq).slice(0, limit);
}

const removed = (type: string, id: string) => `{"@odata.type":"#microsoft.graph.${type}","id":${JSON.stringify(id)},"@removed":{"reason":"deleted"}}`;

function base(call: GraphCall, scope: string, context: string, pageOf: (st: TodoState, limit: number) => Array<DeltaItem<TodoState>>, options: string[]): DeltaSource<TodoState> {
  const { ctx, userId } = call;
  const seqNow = (ctx.db.prepare('SELECT seq FROM gt_owner WHERE user_id = ?').get(userId) as { seq: number }).seq;
  const epoch = tableEpochs('todo').read(ctx, userId);
  return {
    owner: userId, scope, epoch, replays: replaySettings(ctx, 'todo'), context,
    start() {
      checkOptions(call.query, options);
      const s = options.includes('$select') ? taskSelect(call.query.$select) : undefined;
      const x = options.includes('$expand') && expandsLinks(call.query.$expand);
      return { u: userId, sc: scope, e: epoch.epoch, lo: 0, hi: seqNow, r: 0, ...(s ? { s } : {}), ...(x ? { x2: 1 as const } : {}) };
    },
    nextRound: (st) => ({ ...st, lo: st.hi, hi: seqNow, r: 1 }),
    finish: (st) => ({ ...st, lo: st.hi }),
    page: pageOf,
  };
}

/** A list's tasks as a delta source; a task moved away is removed here and added in its new list. */
function taskSource(call: GraphCall): DeltaSource<TodoState> {
  const { ctx } = call;
  const list = listOr404(call);
  const out = taskZone(call);
  return base(call, list.id, 'Collection(todoTask)', (st, limit) => {
    const rows = cachedStatement(ctx.db, 'SELECT * FROM gt_task WHERE list_id = ? AND seq > ? AND seq <= ? ORDER BY seq LIMIT ?').all(list.id, st.lo, st.hi, limit) as TaskRow[];
    const tombs = st.r ? (cachedStatement(ctx.db, 'SELECT seq, id FROM gt_task_tomb WHERE list_id = ? AND seq > ? AND seq <= ? ORDER BY seq LIMIT ?').all(list.id, st.lo, st.hi, limit) as Array<{ seq: number; id: string }>) : [];
    const items = merged(rows, tombs, limit);
    const links = st.x2 ? linksOfMany(ctx.db, items.flatMap((i) => (i.row ? [i.row.pk] : []))) : undefined;
    return items.map((it) => ({
      json: it.row
        ? `{"@odata.type":"#microsoft.graph.todoTask",${JSON.stringify(taskObject(it.row, { out, ...(st.s ? { select: st.s } : {}), ...(links ? { links: links.get(it.row.pk)! } : {}) })).slice(1)}`
        : removed('todoTask', it.id),
      after: { ...st, lo: it.seq },
    }));
  }, ['$select', '$expand']);
}

/** The user's task lists as a delta source (created, renamed, deleted lists). */
function listSource(call: GraphCall): DeltaSource<TodoState> {
  const { ctx, userId } = call;
  ensureTodo(ctx, userId);
  return base(call, 'lists', 'Collection(todoTaskList)', (st, limit) => {
    const rows = cachedStatement(ctx.db, 'SELECT * FROM gt_list WHERE user_id = ? AND seq > ? AND seq <= ? ORDER BY seq LIMIT ?').all(userId, st.lo, st.hi, limit) as ListRow[];
    const tombs = st.r ? (cachedStatement(ctx.db, 'SELECT seq, id FROM gt_list_tomb WHERE user_id = ? AND seq > ? AND seq <= ? ORDER BY seq LIMIT ?').all(userId, st.lo, st.hi, limit) as Array<{ seq: number; id: string }>) : [];
    return merged(rows, tombs, limit).map((it) => ({
      json: it.row ? `{"@odata.type":"#microsoft.graph.todoTaskList",${JSON.stringify(listObject(it.row)).slice(1)}` : removed('todoTaskList', it.id),
      after: { ...st, lo: it.seq },
    }));
  }, []);
}

export function registerTodoDeltaRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  graphRoute(app, ctx, { method: 'GET', path: '/todo/lists/delta', permissions: ['Tasks.Read'], handler: (call) => serveDelta(call, listSource(call)) });
  graphRoute(app, ctx, { method: 'GET', path: '/todo/lists/:listId/tasks/delta', permissions: ['Tasks.Read'], handler: (call) => serveDelta(call, taskSource(call)) });
}
