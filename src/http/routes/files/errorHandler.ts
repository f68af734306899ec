import type { FastifyError, FastifyInstance } from 'fastify';
import { FilesError } from '../../../app/microsoft/files/errors.js';
import { isMicrosoftError } from '../../../microsoft/graph/errors.js';
import { sendError } from '../../errors.js';

/**
 * The error handler of the files routes: the files API's own refusals keep their status and may
 * carry more than code and message (an upload's nextExpectedRanges); a Graph failure no use case
 * explained is logged by kind and answered as "Microsoft 365 did not answer"; the rest goes to
 * the server's handler.
 */
export function useFilesErrors(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    if (err instanceof FilesError) {
      if (err.cause && isMicrosoftError(err.cause)) request.log.info({ kind: err.cause.kind, graphStatus: err.cause.status, graphCode: err.cause.code }, 'Microsoft 365 refused a files call');
      if (Object.keys(err.extra).length === 0) return sendError(reply, err.status, err.code, err.message);
      return reply.status(err.status).type('application/json; charset=utf-8').send(JSON.stringify({ error: { code: err.code, message: err.message, ...err.extra } }));
    }
    if (isMicrosoftError(err)) {
      request.log.warn({ kind: err.kind, graphStatus: err.status, graphCode: err.code }, 'Microsoft 365 refused a files call');
      return sendError(reply, 503, 'microsoft_unavailable', 'Microsoft 365 did not answer; try again in a moment.');
    }
    if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' && request.method === 'PUT') {
      return sendError(reply, 415, 'unsupported_media_type', 'Send the chunk\'s bytes as Content-Type: application/octet-stream.');
    }
    throw err;
  });
}
