import type { FastifyInstance, FastifyReply } from 'fastify';
import { MIN_PASSWORD_LENGTH, signUp, verifyCredentials, defaultWorkspace, normalizeEmail, type User } from '../../crm/accounts.js';
import { DomainError } from '../../crm/errors.js';
import { createSession, deleteSession, resolveSession } from '../../crm/sessions.js';
import type { WorkspaceMembership } from '../../crm/workspaces.js';
import { clearSessionCookie, SESSION_COOKIE, setSessionCookie } from '../auth.js';
import type { RouteContext } from '../context.js';
import { errorResponseSchema } from '../errors.js';
import { answerObject } from '../schemas.js';
import { FailureLimiter } from '../rateLimit.js';

const email = { type: 'string', format: 'email', maxLength: 254 } as const;
const authResponse = answerObject({
  user: answerObject({ id: { type: 'string' }, email: { type: 'string' }, name: { type: 'string' } }),
  workspace: answerObject({ id: { type: 'string' }, name: { type: 'string' } }),
  csrfToken: { type: 'string' },
});

async function startSession(ctx: RouteContext, reply: FastifyReply, user: User, workspace: WorkspaceMembership) {
  const { cookieValue, session } = await createSession(ctx.db, user.id, workspace.id);
  setSessionCookie(ctx, reply, cookieValue);
  return { user, workspace: { id: workspace.id, name: workspace.name }, csrfToken: session.csrfToken };
}

/** Public routes: sign-up, sign-in, sign-out. */
export function authRoutes(ctx: RouteContext, limiter = new FailureLimiter(10, 15 * 60_000)) {
  return async (app: FastifyInstance): Promise<void> => {
    app.post<{ Body: { email: string; password: string; name: string } }>(
      '/api/auth/signup',
      {
        schema: {
          tags: ['auth'],
          body: {
            type: 'object',
            properties: { email, password: { type: 'string', minLength: MIN_PASSWORD_LENGTH, maxLength: 1024 }, name: { type: 'string', minLength: 1, maxLength: 200 } },
            required: ['email', 'password', 'name'],
            additionalProperties: false,
          },
          response: { 201: authResponse, 409: errorResponseSchema },
        },
      },
      async (request, reply) => {
        const { user, workspace } = await signUp(ctx.db, request.body);
        return reply.status(201).send(await startSession(ctx, reply, user, workspace));
      },
    );

    app.post<{ Body: { email: string; password: string } }>(
      '/api/auth/signin',
      {
        schema: {
          tags: ['auth'],
          body: {
            type: 'object',
            properties: { email: { type: 'string', minLength: 1, maxLength: 254 }, password: { type: 'string', minLength: 1, maxLength: 1024 } },
            required: ['email', 'password'],
            additionalProperties: false,
          },
          response: { 200: authResponse, 401: errorResponseSchema, 429: errorResponseSchema },
        },
      },
      async (request, reply) => {
        const key = `${normalizeEmail(request.body.email)}|${request.ip}`;
        if (limiter.blocked(key)) throw new DomainError('rate_limited', 'Too many failed sign-in attempts: wait 15 minutes and try again.');
        let user: User;
        try {
          user = await verifyCredentials(ctx.db, request.body.email, request.body.password);
        } catch (err) {
          if (err instanceof DomainError && err.kind === 'unauthorized') limiter.fail(key);
          throw err;
        }
        limiter.reset(key);
        return startSession(ctx, reply, user, await defaultWorkspace(ctx.db, user.id));
      },
    );

    // Deliberately cookie-only and CSRF-free: the worst a forged sign-out can do is sign someone out.
    app.post('/api/auth/signout', { schema: { tags: ['auth'], response: { 204: { type: 'null' } } } }, async (request, reply) => {
      const cookie = request.cookies[SESSION_COOKIE];
      const found = cookie ? await resolveSession(ctx.db, cookie) : undefined;
      if (found) await deleteSession(ctx.db, found.session.id);
      clearSessionCookie(ctx, reply);
      return reply.status(204).send();
    });
  };
}
