import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { SandboxContext } from '../../core/context.js';
import { FAILURES, meetingFailures, type MeetingFailure } from './failures.js';
import { meetingsOf } from './store.js';

const fail = (status: number, message: string) => Object.assign(new Error(message), { statusCode: status });
const body = (req: FastifyRequest): Record<string, unknown> => (req.body && typeof req.body === 'object' ? (req.body as Record<string, unknown>) : {});

/** Control API for standalone Teams meetings: what a user made, and creates that fail on purpose. */
export function registerMeetingsControl(app: FastifyInstance, ctx: SandboxContext): void {
  const user = (req: FastifyRequest): string => {
    const key = (req.params as { user: string }).user;
    const u = ctx.directory.userById(key) ?? ctx.directory.userByEmail(key);
    if (!u) throw fail(404, `no such user: ${key}`);
    return u.id;
  };

  app.get('/control/online-meetings/:user', async (req) => {
    const userId = user(req);
    return { user: userId, value: meetingsOf(ctx.db, userId) };
  });

  app.put('/control/online-meetings/:user/failure', async (req) => {
    const userId = user(req);
    const b = body(req);
    const status = Number(b.status);
    if (!FAILURES[status]) throw fail(400, `'status' must be one of ${Object.keys(FAILURES).join(', ')}`);
    const count = b.count === undefined || b.count === null ? null : Number(b.count);
    if (count !== null && (!Number.isInteger(count) || count < 1)) throw fail(400, "'count' must be a positive integer, or absent for every create");
    const failure: MeetingFailure = { status, remaining: count };
    if (b.retryAfter !== undefined) failure.retryAfter = Number(b.retryAfter);
    meetingFailures(ctx).set(userId, failure);
    return { user: userId, failure };
  });

  app.delete('/control/online-meetings/:user/failure', async (req) => {
    const userId = user(req);
    return { user: userId, cleared: meetingFailures(ctx).delete(userId) };
  });
}
