import type { FastifyInstance } from 'fastify';
import type { SandboxContext } from '../../core/context.js';
import { calendarState } from './stats.js';

/** How a user's Teams join URLs arrive: this share of creates answers without one, filled in `ms` later. */
export interface JoinUrlDelay { share: number; ms: number }

const perUser = new WeakMap<SandboxContext, Map<string, JoinUrlDelay>>();

function overrides(ctx: SandboxContext): Map<string, JoinUrlDelay> {
  let m = perUser.get(ctx);
  if (!m) perUser.set(ctx, (m = new Map()));
  return m;
}

/** The user's own setting, else the sandbox-wide one (`PUT /control/calendar/online-meetings`). */
export function joinUrlDelayFor(ctx: SandboxContext, userId: string): JoinUrlDelay {
  const { knobs } = calendarState(ctx);
  return overrides(ctx).get(userId) ?? { share: knobs.delayedJoinUrlShare, ms: knobs.delayedJoinUrlMs };
}

const fail = (status: number, message: string) => Object.assign(new Error(message), { statusCode: status });

function fraction(value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || n > 1) throw fail(400, "'delayedJoinUrlShare' must be between 0 and 1");
  return n;
}

function millis(value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw fail(400, "'delayedJoinUrlMs' must be a non-negative number");
  return n;
}

/** Per-user delayed join URLs, so one test's slow Teams does not slow every other mailbox. */
export function registerJoinUrlDelayControl(app: FastifyInstance, ctx: SandboxContext): void {
  const user = (key: string): string => {
    const u = ctx.directory.userById(key) ?? ctx.directory.userByEmail(key);
    if (!u) throw fail(404, `no such user: ${key}`);
    return u.id;
  };
  app.put('/control/calendar/:user/online-meetings', async (req) => {
    const userId = user((req.params as { user: string }).user);
    const b = (req.body && typeof req.body === 'object' ? req.body : {}) as Record<string, unknown>;
    const current = joinUrlDelayFor(ctx, userId);
    const next = { share: fraction(b.delayedJoinUrlShare, current.share), ms: millis(b.delayedJoinUrlMs, current.ms) };
    overrides(ctx).set(userId, next);
    return { user: userId, delayedJoinUrlShare: next.share, delayedJoinUrlMs: next.ms };
  });
  app.delete('/control/calendar/:user/online-meetings', async (req) => {
    const userId = user((req.params as { user: string }).user);
    overrides(ctx).delete(userId);
    const d = joinUrlDelayFor(ctx, userId);
    return { user: userId, delayedJoinUrlShare: d.share, delayedJoinUrlMs: d.ms };
  });
}
