import type { FastifyInstance } from 'fastify';
import type { SandboxContext } from '../../core/context.js';
import { graphBase, graphRoute, type GraphCall } from '../http/route.js';
import { linkOr404, taskOr404 } from './common.js';
import { parseLink, type LinkInput } from './input.js';
import { deleteLink, insertLinks, linksOf, updateLink } from './linkStore.js';
import { linkObject } from './serialize.js';
import { updateTask } from './store.js';

const context = (c: GraphCall, tail: string) =>
  `${graphBase(c.ctx, c.req)}/v1.0/$metadata#users('${c.userId}')/todo/lists('${c.params.listId}')/tasks('${c.params.taskId}')/${tail}`;

/**
 * linkedResources under a task. A change to them saves the task (new etag, lastModifiedDateTime
 * and change sequence), so the list's delta and subscriptions see it. ⚠ Graph does not document
 * whether it does; a client that reads links through `$expand` needs it to.
 */
export function registerLinkedResourceRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  const read = ['Tasks.Read'] as const;
  const write = ['Tasks.ReadWrite'] as const;
  const base = '/todo/lists/:listId/tasks/:taskId/linkedResources';
  graphRoute(app, ctx, {
    method: 'GET', path: base, permissions: [...read],
    handler: (c) => ({ '@odata.context': context(c, 'linkedResources'), value: linksOf(c.ctx.db, taskOr404(c).pk).map(linkObject) }),
  });
  graphRoute(app, ctx, {
    method: 'POST', path: base, permissions: [...write],
    handler: (c) => {
      const task = taskOr404(c);
      const input = parseLink(c.body) as LinkInput;
      const made = c.ctx.db.transaction(() => insertLinks(c.ctx.db, task.pk, [input]).at(-1)!)();
      updateTask(c.ctx, task, {});
      c.reply.code(201);
      return { '@odata.context': context(c, 'linkedResources/$entity'), ...linkObject(made) };
    },
  });
  graphRoute(app, ctx, {
    method: 'GET', path: `${base}/:linkId`, permissions: [...read],
    handler: (c) => ({ '@odata.context': context(c, 'linkedResources/$entity'), ...linkObject(linkOr404(c, taskOr404(c))) }),
  });
  graphRoute(app, ctx, {
    method: 'PATCH', path: `${base}/:linkId`, permissions: [...write],
    handler: (c) => {
      const task = taskOr404(c);
      const link = updateLink(c.ctx.db, linkOr404(c, task), parseLink(c.body, true));
      updateTask(c.ctx, task, {});
      return { '@odata.context': context(c, 'linkedResources/$entity'), ...linkObject(link) };
    },
  });
  graphRoute(app, ctx, {
    method: 'DELETE', path: `${base}/:linkId`, permissions: [...write],
    handler: (c) => {
      const task = taskOr404(c);
      deleteLink(c.ctx.db, linkOr404(c, task));
      updateTask(c.ctx, task, {});
      return c.reply.code(204).send();
    },
  });
}
