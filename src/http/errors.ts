import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, type DomainErrorKind } from '../crm/errors.js';

/** Errors that exist only at the HTTP edge (the domain's kinds are mapped below). */
export type HttpErrorCode = 'bad_request' | 'csrf_failed' | 'payload_too_large' | 'unsupported_media_type' | 'internal';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: HttpErrorCode | DomainErrorKind,
    message: string,
  ) {
    super(message);
  }
}

const DOMAIN_STATUS: Record<DomainErrorKind, number> = {
  validation_failed: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  rate_limited: 429,
};

export const errorResponseSchema = {
  type: 'object',
  properties: {
    error: { type: 'object', properties: { code: { type: 'string' }, message: { type: 'string' } }, required: ['code', 'message'] },
  },
  required: ['error'],
} as const;

/** Every error answer: the message starts with a capital letter, whoever wrote it. */
export function sendError(reply: FastifyReply, status: number, code: string, message: string): FastifyReply {
  const text = message.charAt(0).toUpperCase() + message.slice(1);
  return reply.status(status).type('application/json; charset=utf-8').send(JSON.stringify({ error: { code, message: text } }));
}

interface AjvIssue {
  keyword: string;
  instancePath: string;
  message?: string;
  params: Record<string, unknown>;
}

/** Turns the first schema violation into a sentence that names the field and what it must be. */
export function describeValidation(context: string, issues: AjvIssue[]): string {
  const issue = issues[0];
  if (!issue) return `Check ${context}: it is invalid.`;
  const path = context + issue.instancePath.replace(/\//g, '.');
  const p = issue.params;
  switch (issue.keyword) {
    case 'required':
      return `Missing field: ${path}.${String(p.missingProperty)} is required. Add it and try again.`;
    case 'additionalProperties':
      return `Remove the unknown field "${String(p.additionalProperty)}" from ${path}.`;
    case 'type':
      return `Wrong type: ${path} must be of type ${String(p.type)}.`;
    case 'format':
      return `Wrong format: ${path} must be a valid ${String(p.format)}.`;
    case 'enum':
      return `Wrong value: ${path} must be one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}.`;
    case 'pattern':
      return `Wrong format: ${path} has an invalid format; /api/docs shows what it takes.`;
    default:
      return `Check ${path}: it ${issue.message ?? 'is invalid'}.`;
  }
}

const FASTIFY_CODES: Record<string, [number, string]> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [415, 'unsupported_media_type'],
  FST_ERR_CTP_BODY_TOO_LARGE: [413, 'payload_too_large'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [400, 'bad_request'],
  FST_ERR_CTP_EMPTY_JSON_BODY: [400, 'bad_request'],
  FST_ERR_CTP_INVALID_JSON_BODY: [400, 'bad_request'],
};

/** One error shape for everything: domain errors, schema violations, parser errors, and bugs. */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    if (err instanceof DomainError) return sendError(reply, DOMAIN_STATUS[err.kind], err.kind, err.message);
    if (err instanceof HttpError) return sendError(reply, err.status, err.code, err.message);
    if (err.validation) {
      return sendError(reply, 400, 'validation_failed', describeValidation(err.validationContext ?? 'request', err.validation as AjvIssue[]));
    }
    const known = err.code ? FASTIFY_CODES[err.code] : undefined;
    if (known) {
      const message = known[1] === 'unsupported_media_type' ? 'Send the body as application/json.'
        : err.code === 'FST_ERR_CTP_BODY_TOO_LARGE' ? 'The request body is too large: send less at once.'
          : `The request body is not valid JSON (${err.message}): fix it and try again.`;
      return sendError(reply, known[0], known[1], message);
    }
    if (err instanceof SyntaxError || (err.statusCode && err.statusCode >= 400 && err.statusCode < 500)) {
      return sendError(reply, err.statusCode && err.statusCode !== 500 ? err.statusCode : 400, 'bad_request', err.message);
    }
    request.log.error({ err }, 'request failed');
    return sendError(reply, 500, 'internal', 'Something went wrong on the server: try again; if it keeps happening, the server log has the details.');
  });
}
