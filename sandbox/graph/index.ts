// Placeholder so the server composes before the Graph module lands; replaced by its owner.
import type { FastifyInstance } from 'fastify';
import type { SandboxContext } from '../core/context.js';

export const graphSchema: string[] = [];

/** Registers every /v1.0 Graph route (except subscriptions) on the Graph listener. */
export async function registerGraph(_app: FastifyInstance, _ctx: SandboxContext): Promise<void> {}

/** Registers the mail part of the control API (deliver, bulk generate, faults, stats, evict). */
export async function registerMailControl(_app: FastifyInstance, _ctx: SandboxContext): Promise<void> {}
