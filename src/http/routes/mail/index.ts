import type { FastifyInstance } from 'fastify';
import type { InboxDeps } from '../../../app/microsoft/inbox/deps.js';
import { installMailErrors } from './errors.js';
import { lookupRoutes } from './lookupRoutes.js';
import { readRoutes } from './readRoutes.js';
import { writeRoutes } from './writeRoutes.js';

/** The /api/mail plugin: authenticated, with the inbox's error codes, in one encapsulated scope. */
export function mailRoutes(deps: InboxDeps) {
  return async (app: FastifyInstance): Promise<void> => {
    app.addHook('onRequest', app.authenticate);
    installMailErrors(app);
    await app.register(readRoutes(deps));
    await app.register(writeRoutes(deps));
    await app.register(lookupRoutes(deps));
  };
}
