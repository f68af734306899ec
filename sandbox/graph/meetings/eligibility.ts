import type { SandboxContext } from '../../core/context.js';
import { ensureCalendar } from '../calendar/store.js';
import { GraphError } from '../http/errors.js';

/** Microsoft's tenant for personal accounts (outlook.com, hotmail.com): the `tid` their tokens carry. */
export const CONSUMER_TENANT = '9188040d-6c67-4c5b-b112-36a304b66dad';

/**
 * Personal accounts reach no Teams meeting API. Graph documents them as unsupported; what
 * clients observe is 400 AuthenticationError "Error authenticating with resource", so the
 * sandbox answers that (for every onlineMeetings request, not only creates).
 */
export function refuseConsumer(ctx: SandboxContext, userId: string): void {
  if (ctx.directory.userById(userId)?.tenantId === CONSUMER_TENANT) {
    throw new GraphError(400, 'AuthenticationError', 'Error authenticating with resource');
  }
}

/**
 * A work account whose calendar allows no Teams meetings stands in for a user without a Teams
 * licence or with meetings turned off by policy; Graph refuses those creates with 403 Forbidden.
 */
export function refuseWithoutTeams(ctx: SandboxContext, userId: string): void {
  const allowed = JSON.parse(ensureCalendar(ctx, userId).allowed_json) as string[];
  if (!allowed.includes('teamsForBusiness')) {
    throw new GraphError(403, 'Forbidden', 'The user is not allowed to create Microsoft Teams meetings (no Teams licence, or meetings turned off by policy).');
  }
}
