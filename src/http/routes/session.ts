import type { FastifyInstance } from 'fastify';
import { getUser } from '../../crm/accounts.js';
import { DomainError } from '../../crm/errors.js';
import { setSessionWorkspace } from '../../crm/sessions.js';
import { listMemberships, requireMembership } from '../../crm/workspaces.js';
import { principalOf, type Principal } from '../auth.js';
import type { RouteContext } from '../context.js';
import { answerObject, idString, withErrors } from '../schemas.js';

const membership = answerObject({ id: { type: 'string' }, name: { type: 'string' }, role: { type: 'string', enum: ['owner', 'member'] } });
const sessionResponse = answerObject({
  user: answerObject({ id: { type: 'string' }, email: { type: 'string' }, name: { type: 'string' } }),
  workspace: answerObject({ id: { type: 'string' }, name: { type: 'string' } }),
  workspaces: { type: 'array', items: membership },
  csrfToken: { type: ['string', 'null'] },
});

async function describeSession(ctx: RouteContext, principal: Principal) {
  const user = await getUser(ctx.db, principal.userId);
  if (!user) throw new DomainError('unauthorized', 'This account no longer exists: sign up again or sign in with another account.');
  const workspaces = await listMemberships(ctx.db, principal.userId);
  const current = workspaces.find((w) => w.id === principal.workspaceId);
  if (!current) throw new DomainError('unauthorized', 'You are no longer a member of this workspace: sign in again.');
  return { user, workspace: { id: current.id, name: current.name }, workspaces, csrfToken: principal.session?.csrfToken ?? null };
}

/** The signed-in user's view of themselves, and switching the current workspace. */
export function sessionRoutes(ctx: RouteContext) {
  return async (app: FastifyInstance): Promise<void> => {
    app.get('/api/session', { schema: { tags: ['auth'], response: withErrors({ 200: sessionResponse }) } }, async (request) =>
      describeSession(ctx, principalOf(request)),
    );

    app.post<{ Body: { workspaceId: string } }>(
      '/api/session/workspace',
      {
        schema: {
          tags: ['auth'],
          body: { type: 'object', properties: { workspaceId: idString }, required: ['workspaceId'], additionalProperties: false },
          response: withErrors({ 200: sessionResponse }),
        },
      },
      async (request) => {
        const principal = principalOf(request);
        if (!principal.session) throw new DomainError('validation_failed', 'An API token is bound to one workspace: create a token in the other workspace instead.');
        await requireMembership(ctx.db, principal.userId, request.body.workspaceId);
        await setSessionWorkspace(ctx.db, principal.session.id, request.body.workspaceId);
        return describeSession(ctx, { ...principal, workspaceId: request.body.workspaceId });
      },
    );
  };
}
