import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AccessClaims } from '../core/auth.js';
import type { SandboxContext } from '../core/context.js';
import { sendGraphError } from './errors.js';

/** Resolves the caller from the bearer token, or answers 401 as Graph does and returns null. */
export function authenticate(ctx: SandboxContext, request: FastifyRequest, reply: FastifyReply): AccessClaims | null {
  const header = request.headers.authorization ?? '';
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match?.[1]) {
    sendGraphError(request, reply, 401, 'InvalidAuthenticationToken', 'Access token is empty.');
    return null;
  }
  const claims = ctx.tokens.verify(match[1]);
  if (!claims) {
    sendGraphError(request, reply, 401, 'InvalidAuthenticationToken', 'Access token validation failure.');
    return null;
  }
  return claims;
}
