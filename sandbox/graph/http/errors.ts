import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * A failure answered in Graph's error shape. Handlers throw it; the Graph error handler turns it
 * into `{"error":{code,message,innerError}}` so every path, including validation, looks like Graph.
 */
export class GraphError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export const accessDenied = () => new GraphError(403, 'ErrorAccessDenied', 'Access is denied. Check credentials and try again.');
export const itemNotFound = () =>
  new GraphError(404, 'ErrorItemNotFound', 'The specified object was not found in the store.');
export const badRequest = (message: string, code = 'BadRequest') => new GraphError(400, code, message);

export function errorBody(req: FastifyRequest, code: string, message: string) {
  return {
    error: {
      code,
      message,
      innerError: {
        date: new Date().toISOString().replace(/\.\d{3}Z$/, ''),
        'request-id': requestIds(req).requestId,
        'client-request-id': requestIds(req).clientRequestId,
      },
    },
  };
}

export function sendGraphError(req: FastifyRequest, reply: FastifyReply, err: GraphError): FastifyReply {
  for (const [k, v] of Object.entries(err.headers)) reply.header(k, v);
  return reply.code(err.status).type('application/json').send(errorBody(req, err.code, err.message));
}

const ids = new WeakMap<FastifyRequest, { requestId: string; clientRequestId: string }>();

/** Graph answers every request with a request-id, and echoes (or invents) client-request-id. */
export function requestIds(req: FastifyRequest): { requestId: string; clientRequestId: string } {
  let found = ids.get(req);
  if (!found) {
    const requestId = crypto.randomUUID();
    const sent = req.headers['client-request-id'];
    found = { requestId, clientRequestId: typeof sent === 'string' && sent ? sent : requestId };
    ids.set(req, found);
  }
  return found;
}
