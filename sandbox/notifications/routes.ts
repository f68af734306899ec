import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AccessClaims } from '../core/auth.js';
import type { SandboxContext } from '../core/context.js';
import { requestOrigin } from '../core/origin.js';
import { authenticate } from './auth.js';
import { createSubscription, requireSubscribeScope, tokenExpiryMs } from './create.js';
import type { NotificationEngine } from './engine.js';
import { GraphRefusal, sendGraphError } from './errors.js';
import { validateEndpoint } from './handshake.js';
import { prefersImmutableIds } from './prefer.js';
import { maxLifetimeMinutes } from './resource.js';
import { toGraphSubscription, withContext } from './serialize.js';
import type { Subscription } from './store.js';
import { checkNotificationUrl, effectiveExpiration, parseExpiration } from './validate.js';

type Handler = (claims: AccessClaims, request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;

const idParams = { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] } as const;

/** /v1.0/subscriptions on the Graph listener. */
export function subscriptionRoutes(ctx: SandboxContext, engine: NotificationEngine) {
  return async (app: FastifyInstance): Promise<void> => {
    // Graph clients send `Content-Type: application/json` with an empty body on /reauthorize.
    app.removeContentTypeParser('application/json');
    app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
      const text = (body as string).trim();
      if (!text) return done(null, {});
      try {
        done(null, JSON.parse(text));
      } catch {
        done(new GraphRefusal(400, 'BadRequest', 'Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.'));
      }
    });
    app.setErrorHandler((err, request, reply) => {
      if (err instanceof GraphRefusal) return sendGraphError(request, reply, err.status, err.code, err.message);
      if ((err as { validation?: unknown }).validation) return sendGraphError(request, reply, 400, 'BadRequest', (err as Error).message);
      request.log.error({ err }, 'subscription route failed');
      return sendGraphError(request, reply, 500, 'generalException', 'An unexpected error occurred.');
    });

    const authed = (handler: Handler) => async (request: FastifyRequest, reply: FastifyReply) => {
      const claims = authenticate(ctx, request, reply);
      if (!claims) return reply;
      return handler(claims, request, reply);
    };
    const owned = (claims: AccessClaims, id: string): Subscription => {
      const sub = engine.store.get(id);
      if (!sub || sub.appId !== claims.appId || sub.userId !== claims.userId || sub.expiresAt <= ctx.now()) {
        throw new GraphRefusal(404, 'ResourceNotFound', `The object was not found.`);
      }
      return sub;
    };
    const origin = (request: FastifyRequest): string => requestOrigin(request, ctx.urls.graph, ctx.config.publicGraphUrl);
    const bodyOf = (request: FastifyRequest): Record<string, unknown> => {
      const body = request.body;
      if (!body || typeof body !== 'object' || Array.isArray(body)) throw new GraphRefusal(400, 'BadRequest', 'Empty Payload. JSON content expected.');
      return body as Record<string, unknown>;
    };
    app.post('/v1.0/subscriptions', authed(async (claims, request, reply) => {
      const sub = await createSubscription(ctx, engine, claims, bodyOf(request), { immutableIds: prefersImmutableIds(request.headers.prefer) });
      return reply.code(201).send(withContext(origin(request), true, toGraphSubscription(sub)));
    }));

    app.get('/v1.0/subscriptions', authed(async (claims, request, reply) => {
      const now = ctx.now();
      const value = engine.store.forAppAndUser(claims.appId, claims.userId).filter((s) => s.expiresAt > now).map(toGraphSubscription);
      return reply.send(withContext(origin(request), false, { value }));
    }));

    app.get('/v1.0/subscriptions/:id', { schema: { params: idParams } }, authed(async (claims, request, reply) => {
      const sub = owned(claims, (request.params as { id: string }).id);
      return reply.send(withContext(origin(request), true, toGraphSubscription(sub)));
    }));

    app.patch('/v1.0/subscriptions/:id', { schema: { params: idParams } }, authed(async (claims, request, reply) => {
      const sub = owned(claims, (request.params as { id: string }).id);
      requireSubscribeScope(claims, sub.kind);
      const body = bodyOf(request);
      const expiresAt = body.expirationDateTime === undefined
        ? sub.expiresAt
        : effectiveExpiration(parseExpiration(body.expirationDateTime), ctx.now(), maxLifetimeMinutes(sub.kind));
      if (body.notificationUrl !== undefined && body.notificationUrl !== sub.notificationUrl) {
        const url = checkNotificationUrl(body.notificationUrl, 'NotificationUrl');
        await validateEndpoint(url, engine.options.handshakeTimeoutMs);
        engine.store.setNotificationUrl(sub.id, url);
      }
      // Renewing also reauthorizes: the new token's lifetime becomes the subscription's.
      engine.store.renew(sub.id, expiresAt, tokenExpiryMs(claims));
      engine.store.reauthorize(sub.id, tokenExpiryMs(claims));
      return reply.send(withContext(origin(request), true, toGraphSubscription(engine.store.get(sub.id)!)));
    }));

    app.delete('/v1.0/subscriptions/:id', { schema: { params: idParams } }, authed(async (claims, request, reply) => {
      const sub = owned(claims, (request.params as { id: string }).id);
      engine.store.delete(sub.id);
      return reply.code(204).send();
    }));

    app.post('/v1.0/subscriptions/:id/reauthorize', { schema: { params: idParams } }, authed(async (claims, request, reply) => {
      const sub = owned(claims, (request.params as { id: string }).id);
      requireSubscribeScope(claims, sub.kind);
      engine.store.reauthorize(sub.id, tokenExpiryMs(claims));
      return reply.code(204).send();
    }));
  };
}
