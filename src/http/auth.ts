import { timingSafeEqual } from 'node:crypto';
import type {} from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { resolveApiToken } from '../crm/apiTokens.js';
import { DomainError } from '../crm/errors.js';
import { resolveSession, SESSION_TTL_MS, type SessionRecord } from '../crm/sessions.js';
import type { RouteContext } from './context.js';
import { HttpError } from './errors.js';

export const SESSION_COOKIE = 'tandem_session';
export const CSRF_HEADER = 'x-csrf-token';

/** Who is calling, and in which workspace every record query must stay. */
export interface Principal {
  userId: string;
  workspaceId: string;
  via: 'session' | 'token';
  session?: SessionRecord;
  tokenId?: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
  interface FastifyInstance {
    /** onRequest hook: authenticates (session or bearer token) and checks CSRF; sets request.principal. */
    authenticate: (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
  }
}

export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new DomainError('unauthorized', 'Sign in, or send an API token as Authorization: Bearer tdm_….');
  return request.principal;
}

export function setSessionCookie(ctx: RouteContext, reply: FastifyReply, value: string): void {
  reply.setCookie(SESSION_COOKIE, value, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: ctx.config.publicUrl.startsWith('https:'),
    maxAge: Math.floor(SESSION_TTL_MS / 1000),
  });
}

export function clearSessionCookie(ctx: RouteContext, reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure: ctx.config.publicUrl.startsWith('https:') });
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Bearer tokens are not sent by browsers on their own, so only cookie-authenticated writes need CSRF proof. */
export function authenticator(ctx: RouteContext) {
  return async function authenticate(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const header = request.headers.authorization;
    if (header !== undefined) {
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      const found = match ? await resolveApiToken(ctx.db, match[1]!) : undefined;
      if (!found) throw new DomainError('unauthorized', 'The API token is invalid or revoked: create a new one in Settings → API tokens and send it as Authorization: Bearer tdm_….');
      request.principal = { userId: found.userId, workspaceId: found.workspaceId, via: 'token', tokenId: found.tokenId };
      return;
    }
    const cookie = request.cookies[SESSION_COOKIE];
    const resolved = cookie ? await resolveSession(ctx.db, cookie) : undefined;
    if (!resolved) throw new DomainError('unauthorized', 'Your session has ended: sign in again.');
    if (resolved.refreshed && cookie) setSessionCookie(ctx, reply, cookie);
    const { session } = resolved;
    if (!SAFE_METHODS.has(request.method)) {
      const sent = request.headers[CSRF_HEADER];
      if (typeof sent !== 'string' || !safeEqual(sent, session.csrfToken)) {
        throw new HttpError(403, 'csrf_failed', `Send the session's csrfToken in the X-CSRF-Token header (in the app: reload the page).`);
      }
    }
    request.principal = { userId: session.userId, workspaceId: session.workspaceId, via: 'session', session };
  };
}
