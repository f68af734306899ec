import formbody from '@fastify/formbody';
import type { FastifyInstance } from 'fastify';
import { registerAuthorize } from './authorize.js';
import { registerDiscovery } from './discovery.js';
import { registerMyApps } from './myApps.js';
import type { IdentityPlatform } from './platform.js';
import { registerToken } from './token.js';

export { identitySchema } from './schema.js';
export { IdentityPlatform } from './platform.js';
export type { TokenResponse } from './tokens.js';
export type { AadErrorBody } from './errors.js';

/** Registers every login.microsoftonline.com route on the login listener. */
export async function registerIdentity(app: FastifyInstance, p: IdentityPlatform): Promise<void> {
  await app.register(formbody);
  registerDiscovery(app, p);
  registerAuthorize(app, p);
  registerToken(app, p);
}

/**
 * Registers only the pages a browser visits (authorize, sign-in, consent, admin consent, My Apps) on the
 * loopback HTTP listener; the token and discovery endpoints are never served there.
 */
export async function registerSignInPages(app: FastifyInstance, p: IdentityPlatform): Promise<void> {
  await app.register(formbody);
  registerAuthorize(app, p);
  registerMyApps(app, p);
}
