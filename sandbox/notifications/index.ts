import type { FastifyInstance } from 'fastify';
import type { SandboxContext } from '../core/context.js';
import { controlRoutes } from './control.js';
import { engineFor } from './engine.js';
import type { NotificationOptions } from './options.js';
import { subscriptionRoutes } from './routes.js';
import { subscriptionTable } from './store.js';

export type { NotificationOptions } from './options.js';
export { engineFor } from './engine.js';

export const notificationSchema: string[] = [subscriptionTable];

/**
 * Registers /v1.0/subscriptions on the Graph listener and starts the notifier. `options`
 * overrides the engine's tunables (tests shrink timeouts and retry horizons).
 */
export async function registerSubscriptions(
  app: FastifyInstance,
  ctx: SandboxContext,
  options?: Partial<NotificationOptions>,
): Promise<{ close(): Promise<void> }> {
  const engine = engineFor(ctx, options);
  await app.register(subscriptionRoutes(ctx, engine));
  engine.start();
  engine.tick();
  return { close: () => engine.close() };
}

/** Registers the notification part of the control API. */
export async function registerNotificationControl(app: FastifyInstance, ctx: SandboxContext): Promise<void> {
  await app.register(controlRoutes(ctx, engineFor(ctx)));
}

/**
 * For the identity module: after a password reset or a revoked grant Graph removes the user's
 * subscriptions and sends subscriptionRemoved. Returns how many were removed.
 */
export function removeSubscriptionsForUser(ctx: SandboxContext, userId: string): number {
  return engineFor(ctx).removeAllForUser(userId);
}
