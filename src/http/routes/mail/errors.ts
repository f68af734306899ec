import type { FastifyError, FastifyInstance } from 'fastify';
import { fromMicrosoftError, InboxError } from '../../../app/microsoft/inbox/errors.js';
import { sendError } from '../../errors.js';

/** Inbox refusals keep their own codes (not_connected, feature_not_granted, ...); the rest goes to the server's handler. */
export function installMailErrors(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, _request, reply) => {
    const inbox = err instanceof InboxError ? err : fromMicrosoftError(err);
    if (inbox) return sendError(reply, inbox.status, inbox.code, inbox.message);
    throw err;
  });
}
