// Placeholder so the server composes before the notification module lands; replaced by its owner.
import type { FastifyInstance } from 'fastify';
import type { SandboxContext } from '../core/context.js';

export const notificationSchema: string[] = [];

/** Registers /v1.0/subscriptions on the Graph listener and starts the notifier. */
export async function registerSubscriptions(_app: FastifyInstance, _ctx: SandboxContext): Promise<{ close(): Promise<void> }> {
  return { close: async () => {} };
}

/** Registers the notification part of the control API. */
export async function registerNotificationControl(_app: FastifyInstance, _ctx: SandboxContext): Promise<void> {}
