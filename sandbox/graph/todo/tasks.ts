import type { FastifyInstance } from 'fastify';
import type { SandboxContext } from '../../core/context.js';
import { graphBase, graphRoute, type GraphCall } from '../http/route.js';
import { checkOptions } from '../odata/options.js';
import { parseSkip, parseTop } from '../odata/query.js';
import { expandsLinks, listOr404, selectOf, taskOr404, taskZone } from './common.js';
import { linksOf, linksOfMany } from './linkStore.js';
import type { TaskRow } from './schema.js';
import { taskObject } from './serialize.js';
import { deleteTasks } from './store.js';
import { createTask, patchTask } from './write.js';

const context = (c: GraphCall, tail: string) => `${graphBase(c.ctx, c.req)}/v1.0/$metadata#users('${c.userId}')/todo/lists('${c.params.listId}')/${tail}`;

/** GET a list's tasks, oldest first; `$top` (default 10, at most 1,000) with `$skip` nextLinks. */
function list(call: GraphCall) {
  checkOptions(call.query, ['$top', '$skip', '$select', '$expand']);
  const l = listOr404(call);
  const top = parseTop(call.query.$top, 10, 1000);
  const skip = parseSkip(call.query.$skip);
  const expand = expandsLinks(call.query.$expand);
  const select = selectOf(call);
  const out = taskZone(call);
  const rows = call.ctx.db.prepare('SELECT * FROM gt_task WHERE list_id = ? ORDER BY created, pk LIMIT ? OFFSET ?').all(l.id, top + 1, skip) as TaskRow[];
  const shown = rows.slice(0, top);
  const links = expand ? linksOfMany(call.ctx.db, shown.map((r) => r.pk)) : undefined;
  const body: Record<string, unknown> = { '@odata.context': context(call, 'tasks') };
  if (rows.length > top) {
    const next = new URLSearchParams();
    for (const [k, v] of Object.entries(call.query)) if (k !== '$skip' && v !== undefined) next.set(k, v);
    next.set('$skip', String(skip + top));
    body['@odata.nextLink'] = `${graphBase(call.ctx, call.req)}${call.req.url.split('?')[0]}?${next.toString()}`;
  }
  return { ...body, value: shown.map((r) => taskObject(r, { out, ...(select ? { select } : {}), ...(links ? { links: links.get(r.pk)! } : {}) })) };
}

export function registerTaskRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  const read = ['Tasks.Read'] as const;
  const write = ['Tasks.ReadWrite'] as const;
  const base = '/todo/lists/:listId/tasks';
  graphRoute(app, ctx, { method: 'GET', path: base, permissions: [...read], handler: list });
  graphRoute(app, ctx, {
    method: 'POST', path: base, permissions: [...write],
    handler: (c) => {
      const { row, links } = createTask(c.ctx, listOr404(c), c.body);
      c.reply.code(201);
      return { '@odata.context': context(c, 'tasks/$entity'), ...taskObject(row, { out: taskZone(c), ...(links ? { links } : {}) }) };
    },
  });
  graphRoute(app, ctx, {
    method: 'GET', path: `${base}/:taskId`, permissions: [...read],
    handler: (c) => {
      checkOptions(c.query, ['$select', '$expand']);
      const task = taskOr404(c);
      const select = selectOf(c);
      const links = expandsLinks(c.query.$expand) ? linksOf(c.ctx.db, task.pk) : undefined;
      return { '@odata.context': context(c, 'tasks/$entity'), ...taskObject(task, { out: taskZone(c), ...(select ? { select } : {}), ...(links ? { links } : {}) }) };
    },
  });
  graphRoute(app, ctx, {
    method: 'PATCH', path: `${base}/:taskId`, permissions: [...write],
    handler: (c) => ({ '@odata.context': context(c, 'tasks/$entity'), ...taskObject(patchTask(c.ctx, taskOr404(c), c.body), { out: taskZone(c) }) }),
  });
  graphRoute(app, ctx, {
    method: 'DELETE', path: `${base}/:taskId`, permissions: [...write],
    handler: (c) => {
      deleteTasks(c.ctx, [taskOr404(c)]);
      return c.reply.code(204).send();
    },
  });
}
