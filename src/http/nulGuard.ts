import type { FastifyInstance } from 'fastify';
import { sendError } from './errors.js';

/** The first path (e.g. `body.name`) whose string holds U+0000, or undefined. */
function findNul(value: unknown, path: string, depth = 0): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path : undefined;
  if (depth > 32 || value === null || typeof value !== 'object') return undefined;
  for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
    if (key.includes('\u0000')) return `${path}.${key.replaceAll('\u0000', '\\0')}`;
    const found = findNul(child, Array.isArray(value) ? `${path}[${key}]` : `${path}.${key}`, depth + 1);
    if (found) return found;
  }
  return undefined;
}

/**
 * PostgreSQL cannot store U+0000 in text, while SQLite can: rejecting it at the edge keeps both
 * engines behaving the same and turns what would be a driver error (500) into a clear 400.
 */
export function installNulGuard(app: FastifyInstance): void {
  app.addHook('preValidation', async (request, reply) => {
    const where = findNul(request.params, 'params') ?? findNul(request.query, 'query') ?? findNul(request.body, 'body');
    if (where) return sendError(reply, 400, 'validation_failed', `Wrong value: ${where} must not contain the NUL character (U+0000); remove it and try again.`);
  });
}
