import type { FastifyError, FastifyInstance } from 'fastify';
import { CalendarError } from '../../../app/microsoft/calendar/errors.js';
import { isMicrosoftError } from '../../../microsoft/graph/errors.js';
import { sendError } from '../../errors.js';

/**
 * The error handler of routes built on the calendar's use cases (calendar, Teams links, scheduling):
 * their own refusals keep their status; anything Graph failed with is logged by kind and answered
 * as "Microsoft 365 did not answer"; the rest goes to the server's handler.
 */
export function useCalendarErrors(app: FastifyInstance, what: string): void {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    if (err instanceof CalendarError) return sendError(reply, err.status, err.code, err.message);
    if (isMicrosoftError(err)) {
      request.log.warn({ kind: err.kind, graphStatus: err.status, graphCode: err.code }, `Microsoft 365 refused a ${what} call`);
      return sendError(reply, 503, 'microsoft_unavailable', 'Microsoft 365 did not answer; try again in a moment.');
    }
    throw err;
  });
}
