import type { FastifyInstance } from 'fastify';
import type { ServerResponse } from 'node:http';
import type { LiveEvent } from '../../events/liveEvents.js';
import { principalOf } from '../auth.js';
import type { RouteContext } from '../context.js';
import { emptyQuery } from '../schemas.js';
import { liveEventStreamSchema } from './liveEventSchemas.js';

export const HEARTBEAT_MS = 25_000;

/**
 * Server-Sent Events for open pages. Each stream gets the events of the caller's current
 * workspace and those addressed to the caller; streams are ended on server close so they
 * never hold up a graceful shutdown.
 */
export function eventRoutes(ctx: RouteContext, heartbeatMs = HEARTBEAT_MS) {
  return async (app: FastifyInstance): Promise<void> => {
    const open = new Set<ServerResponse>();
    app.addHook('preClose', async () => {
      for (const res of open) res.end();
      open.clear();
    });

    app.get('/api/events', {
      schema: {
        tags: ['events'], querystring: emptyQuery, produces: ['text/event-stream'],
        response: { 200: { description: 'The live events of the caller and its workspace', content: { 'text/event-stream': { schema: liveEventStreamSchema } } } },
      },
    }, async (request, reply) => {
      const principal = principalOf(request);
      const res = reply.raw;
      reply.hijack();
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      res.write(': connected\n\n');
      open.add(res);

      const unsubscribe = ctx.live.subscribe((event: LiveEvent) => {
        const mine = (event.workspaceId !== undefined && event.workspaceId === principal.workspaceId) || (event.userId !== undefined && event.userId === principal.userId);
        if (!mine || res.writableEnded) return;
        res.write(`event: ${event.type.replace(/[\r\n]/g, '')}\ndata: ${JSON.stringify(event.data ?? null)}\n\n`);
      });
      const heartbeat = setInterval(() => {
        if (!res.writableEnded) res.write(': heartbeat\n\n');
      }, heartbeatMs);
      heartbeat.unref();

      const cleanup = () => {
        clearInterval(heartbeat);
        unsubscribe();
        open.delete(res);
      };
      request.raw.on('close', cleanup);
      res.on('close', cleanup);
    });
  };
}
