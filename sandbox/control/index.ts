import Fastify, { type FastifyInstance } from 'fastify';
import type { SandboxContext } from '../core/context.js';
import { registerMailControl } from '../graph/index.js';
import type { IdentityPlatform } from '../identity/platform.js';
import { registerNotificationControl } from '../notifications/index.js';
import { registerIdentityControl } from './identity.js';

/**
 * The control listener: plain HTTP on loopback only, never proxied by Tandem. Each module
 * registers its own `/control/...` routes beside the identity ones.
 */
export async function createControlServer(ctx: SandboxContext, identity: IdentityPlatform, caFile: string): Promise<FastifyInstance> {
  const app = Fastify({ logger: false });
  await registerIdentityControl(app, ctx, identity, caFile);
  await registerMailControl(app, ctx);
  await registerNotificationControl(app, ctx);
  return app;
}
