import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { SandboxContext } from '../../core/context.js';
import { UTC_ZONE } from '../calendar/time.js';
import { linksOf } from './linkStore.js';
import { createList, deleteList, renameList } from './listStore.js';
import { moveTask } from './move.js';
import type { ListRow, TaskRow } from './schema.js';
import { generateTasks } from './seed.js';
import { listObject, taskObject } from './serialize.js';
import { deleteTasks, ensureTodo, listByKey, taskById } from './store.js';
import { createTask, patchTask } from './write.js';

type Body = Record<string, unknown>;
const fail = (status: number, message: string) => Object.assign(new Error(message), { statusCode: status });
const body = (req: FastifyRequest): Body => (req.body && typeof req.body === 'object' ? (req.body as Body) : {});

/**
 * The To Do part of the control API: what a user does "in To Do" (lists and tasks, completing
 * and moving tasks between lists, with the same delta and notifications as through Graph) and
 * bulk generation. `{user}` is an object id or a UPN. Task ids ride in wildcards (longer than
 * Fastify's default parameter length); `{id}/complete` and `{id}/move` are split off by hand.
 */
export function registerTodoControl(app: FastifyInstance, ctx: SandboxContext): void {
  const user = (key: string): string => {
    const u = ctx.directory.userById(key) ?? ctx.directory.userByEmail(key);
    if (!u) throw fail(404, `no such user: ${key}`);
    ensureTodo(ctx, u.id);
    return u.id;
  };
  const params = (req: FastifyRequest) => req.params as { user: string; '*'?: string };
  const list = (userId: string, key: unknown): ListRow => {
    const l = typeof key === 'string' && key ? listByKey(ctx, userId, key) : ensureTodo(ctx, userId);
    if (!l) throw fail(404, `no such task list: ${String(key)}`);
    return l;
  };
  const task = (userId: string, id: string): TaskRow => {
    const t = taskById(ctx.db, id);
    if (!t || t.user_id !== userId) throw fail(404, `no such task: ${id}`);
    return t;
  };
  const json = (t: TaskRow) => ({ ...taskObject(t, { out: UTC_ZONE, links: linksOf(ctx.db, t.pk) }), listId: t.list_id });
  const P = '/control/todo/:user';

  app.get(`${P}/lists`, async (req) => {
    const userId = user(params(req).user);
    const rows = ctx.db.prepare("SELECT * FROM gt_list WHERE user_id = ? ORDER BY wellknown = 'defaultList' DESC, created, pk").all(userId) as ListRow[];
    return { user: userId, value: rows.map(listObject) };
  });
  app.post(`${P}/lists`, async (req, reply) => reply.code(201).send(listObject(createList(ctx, user(params(req).user), body(req).displayName))));
  app.patch(`${P}/lists/*`, async (req) => {
    const { user: key, '*': id } = params(req);
    return listObject(renameList(ctx, list(user(key), id), body(req).displayName));
  });
  app.delete(`${P}/lists/*`, async (req, reply) => {
    const { user: key, '*': id } = params(req);
    deleteList(ctx, list(user(key), id));
    return reply.code(204).send();
  });

  app.get(`${P}/tasks`, async (req) => {
    const userId = user(params(req).user);
    const { listId } = req.query as { listId?: string };
    const rows = listId
      ? ctx.db.prepare('SELECT * FROM gt_task WHERE list_id = ? ORDER BY created, pk').all(list(userId, listId).id)
      : ctx.db.prepare('SELECT * FROM gt_task WHERE user_id = ? ORDER BY created, pk').all(userId);
    return { user: userId, value: (rows as TaskRow[]).map(json) };
  });
  app.post(`${P}/tasks`, async (req, reply) => {
    const userId = user(params(req).user);
    const { listId, ...rest } = body(req);
    const { row } = createTask(ctx, list(userId, listId), rest);
    return reply.code(201).send(json(row));
  });
  app.get(`${P}/tasks/*`, async (req) => {
    const { user: key, '*': id = '' } = params(req);
    return json(task(user(key), id));
  });
  app.patch(`${P}/tasks/*`, async (req) => {
    const { user: key, '*': id = '' } = params(req);
    return json(patchTask(ctx, task(user(key), id), body(req)));
  });
  app.delete(`${P}/tasks/*`, async (req, reply) => {
    const { user: key, '*': id = '' } = params(req);
    deleteTasks(ctx, [task(user(key), id)]);
    return reply.code(204).send();
  });
  // POST tasks/{id}/complete and tasks/{id}/move {listId}: the actions To Do's app offers.
  app.post(`${P}/tasks/*`, async (req) => {
    const { user: key, '*': rest = '' } = params(req);
    const userId = user(key);
    const [id = '', action = ''] = rest.split('/');
    if (action === 'complete') return json(patchTask(ctx, task(userId, id), { status: 'completed' }));
    if (action === 'move') {
      const target = body(req).listId;
      if (typeof target !== 'string' || !target) throw fail(400, "'listId' (the target list) is required");
      return json(moveTask(ctx, task(userId, id), list(userId, target)));
    }
    throw fail(404, `no such action: ${action}`);
  });

  app.post(`${P}/generate`, async (req) => {
    const userId = user(params(req).user);
    const b = body(req);
    const started = performance.now();
    const made = generateTasks(ctx, userId, { tasks: Number(b.tasks ?? 100), lists: Number(b.lists ?? 1) });
    const count = ctx.db.prepare('SELECT COUNT(*) AS n FROM gt_task WHERE list_id = ?');
    return {
      user: userId, tasks: made.tasks, ms: Math.round(performance.now() - started),
      lists: made.lists.map((l) => ({ ...listObject(l), totalTasks: (count.get(l.id) as { n: number }).n })),
    };
  });
}
