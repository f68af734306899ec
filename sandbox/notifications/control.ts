import type { FastifyInstance } from 'fastify';
import type { SandboxContext } from '../core/context.js';
import type { NotificationEngine } from './engine.js';
import { LIFECYCLE_EVENTS, type LifecycleEvent } from './lifecycle.js';
import { toGraphSubscription } from './serialize.js';
import type { Subscription } from './store.js';

const P = '/control/notifications';
const count = { type: 'object', properties: { count: { type: 'integer', minimum: 0 } }, required: ['count'], additionalProperties: false } as const;
const idParams = { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] } as const;
const SETTINGS = ['notificationDelayMs', 'deliveryTimeoutMs', 'retryBaseMs', 'retryMaxMs', 'retryHorizonMs', 'maxItemsPerPost', 'tickIntervalMs', 'reauthLeadMs', 'handshakeTimeoutMs', 'mailboxSubscriptionLimit',
  'slowThresholdMs', 'slowMinNotifications', 'slowDelayRatio', 'slowDropRatio', 'slowDelayMs', 'slowWindowMs'] as const;
const RATIOS: ReadonlySet<string> = new Set(['slowDelayRatio', 'slowDropRatio']);

/** The notification part of the sandbox control API (see sandbox/docs/control-notifications.md). */
export function controlRoutes(ctx: SandboxContext, engine: NotificationEngine) {
  const { notifier } = engine;
  const state = () => ({ faults: { ...notifier.faults }, notificationDelayMs: notifier.delayMs, queue: notifier.queued(), endpoints: notifier.slowEndpoints.snapshot() });
  const describe = (s: Subscription) => ({
    ...toGraphSubscription(s),
    userId: s.userId,
    tenantId: s.tenantId,
    kind: s.kind,
    immutableIds: s.immutableIds,
    expired: s.expiresAt <= ctx.now(),
    tokenExpiresAt: new Date(s.tokenExpiresAt).toISOString(),
    reauthorizationRequiredSent: s.reauthNotifiedFor !== null,
    stats: engine.stats.forSubscription(s.id),
  });
  const unknown = { error: { code: 'notFound', message: 'No such subscription.' } };

  return async (app: FastifyInstance): Promise<void> => {
    app.get(`${P}/subscriptions`, { schema: { querystring: { type: 'object', properties: { userId: { type: 'string' } } } } }, async (request) => {
      const { userId } = request.query as { userId?: string };
      return { value: (userId ? engine.store.forUser(userId) : engine.store.all()).map(describe) };
    });

    app.get(`${P}/stats`, async () => ({ ...engine.stats.snapshot(), ...state() }));

    app.post(`${P}/stats/reset`, async () => {
      engine.stats.reset();
      notifier.slowEndpoints.reset();
      return state();
    });

    app.post(`${P}/pause`, async () => {
      notifier.pause();
      return state();
    });

    app.post(`${P}/resume`, async () => {
      notifier.resume();
      return state();
    });

    for (const [route, field] of [['drop', 'dropNext'], ['duplicate', 'duplicateNext'], ['reorder', 'reorderNext']] as const) {
      app.post(`${P}/${route}`, { schema: { body: count } }, async (request) => {
        notifier.faults[field] = (request.body as { count: number }).count;
        return state();
      });
    }

    app.post(`${P}/delay`, { schema: { body: { type: 'object', properties: { ms: { type: 'integer', minimum: 0 } }, required: ['ms'], additionalProperties: false } } }, async (request) => {
      notifier.faults.extraDelayMs = (request.body as { ms: number }).ms;
      return state();
    });

    app.post(`${P}/faults/clear`, async () => {
      Object.assign(notifier.faults, { dropNext: 0, duplicateNext: 0, reorderNext: 0, extraDelayMs: 0 });
      if (notifier.faults.paused) notifier.resume();
      return state();
    });

    app.post(`${P}/settings`, {
      schema: { body: { type: 'object', properties: Object.fromEntries(SETTINGS.map((k) => [k, RATIOS.has(k) ? { type: 'number', minimum: 0, maximum: 1 } : { type: 'integer', minimum: 0 }])), additionalProperties: false } },
    }, async (request) => {
      const body = request.body as Partial<Record<(typeof SETTINGS)[number], number>>;
      for (const key of SETTINGS) {
        const value = body[key];
        if (value === undefined) continue;
        if (key === 'notificationDelayMs') notifier.delayMs = value;
        else engine.options[key] = value;
      }
      if (body.tickIntervalMs !== undefined) engine.restartTicker();
      return { ...engine.options, notificationDelayMs: notifier.delayMs };
    });

    app.post(`${P}/flush`, async () => {
      const before = engine.stats.snapshot().total;
      await notifier.flush();
      const after = engine.stats.snapshot().total;
      return { sent: after.sent - before.sent, failed: after.failed - before.failed, ...state() };
    });

    app.post(`${P}/tick`, async () => {
      engine.tick();
      return state();
    });

    app.post(`${P}/subscriptions/:id/lifecycle`, {
      schema: { params: idParams, body: { type: 'object', properties: { event: { type: 'string', enum: [...LIFECYCLE_EVENTS] } }, required: ['event'], additionalProperties: false } },
    }, async (request, reply) => {
      const sub = engine.store.get((request.params as { id: string }).id);
      if (!sub) return reply.code(404).send(unknown);
      const event = (request.body as { event: LifecycleEvent }).event;
      const queued = engine.fireLifecycle(sub, event);
      return { queued, removed: event === 'subscriptionRemoved' };
    });

    app.post(`${P}/users/:userId/remove-subscriptions`, {
      schema: { params: { type: 'object', properties: { userId: { type: 'string' } }, required: ['userId'] } },
    }, async (request) => ({ removed: engine.removeAllForUser((request.params as { userId: string }).userId) }));

    app.post(`${P}/subscriptions/:id/expire`, { schema: { params: idParams } }, async (request, reply) => {
      const id = (request.params as { id: string }).id;
      if (!engine.store.expireNow(id, ctx.now())) return reply.code(404).send(unknown);
      engine.tick();
      return { expired: id };
    });
  };
}
