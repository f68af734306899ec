import type { FastifyInstance } from 'fastify';
import type { SandboxContext } from '../../core/context.js';
import { graphBase, graphRoute, type GraphCall } from '../http/route.js';
import { checkOptions } from '../odata/options.js';
import { listOr404 } from './common.js';
import { createList, deleteList, renameList } from './listStore.js';
import type { ListRow } from './schema.js';
import { listObject } from './serialize.js';
import { ensureTodo } from './store.js';

const context = (c: GraphCall, tail: string) => `${graphBase(c.ctx, c.req)}/v1.0/$metadata#users('${c.userId}')/todo/${tail}`;

export function registerTodoListRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  const read = ['Tasks.Read'] as const;
  const write = ['Tasks.ReadWrite'] as const;
  graphRoute(app, ctx, {
    method: 'GET', path: '/todo/lists', permissions: [...read],
    handler: (c) => {
      checkOptions(c.query, []);
      ensureTodo(c.ctx, c.userId);
      const rows = c.ctx.db.prepare("SELECT * FROM gt_list WHERE user_id = ? ORDER BY wellknown = 'defaultList' DESC, created, pk").all(c.userId) as ListRow[];
      return { '@odata.context': context(c, 'lists'), value: rows.map(listObject) };
    },
  });
  graphRoute(app, ctx, {
    method: 'POST', path: '/todo/lists', permissions: [...write],
    handler: (c) => {
      const list = createList(c.ctx, c.userId, c.body.displayName);
      c.reply.code(201);
      return { '@odata.context': context(c, 'lists/$entity'), ...listObject(list) };
    },
  });
  graphRoute(app, ctx, {
    method: 'GET', path: '/todo/lists/:listId', permissions: [...read],
    handler: (c) => {
      checkOptions(c.query, []);
      return { '@odata.context': context(c, 'lists/$entity'), ...listObject(listOr404(c)) };
    },
  });
  graphRoute(app, ctx, {
    method: 'PATCH', path: '/todo/lists/:listId', permissions: [...write],
    handler: (c) => ({ '@odata.context': context(c, 'lists/$entity'), ...listObject(renameList(c.ctx, listOr404(c), c.body.displayName)) }),
  });
  graphRoute(app, ctx, {
    method: 'DELETE', path: '/todo/lists/:listId', permissions: [...write],
    handler: (c) => {
      deleteList(c.ctx, listOr404(c));
      return c.reply.code(204).send();
    },
  });
}
