import type { FastifyError, FastifyInstance } from 'fastify';
import { fromMicrosoftError, InboxError } from '../../../app/microsoft/inbox/errors.js';
import { isMicrosoftError } from '../../../microsoft/graph/errors.js';
import { sendError } from '../../errors.js';

/** Inbox refusals keep their own codes (not_connected, feature_not_granted, ...); the rest goes to the server's handler. */
export function installMailErrors(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    const inbox = err instanceof InboxError ? err : fromMicrosoftError(err);
    if (!inbox) throw err;
    const graph = inbox.cause;
    if (isMicrosoftError(graph)) {
      // Graph's own code and status stay in the log: the answer carries only the inbox's code.
      // A rejected request or an unknown failure is Tandem's to look into; the rest is routine.
      const level = graph.kind === 'invalidRequest' || graph.kind === 'fatal' ? 'warn' : 'info';
      request.log[level]({ kind: graph.kind, graphStatus: graph.status, graphCode: graph.code, answer: inbox.code }, 'Microsoft 365 refused a mail action');
    }
    return sendError(reply, inbox.status, inbox.code, inbox.message);
  });
}
