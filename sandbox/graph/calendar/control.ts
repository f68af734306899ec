import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { SandboxContext } from '../../core/context.js';
import { setProviders } from './calendars.js';
import { findEvent, rowInstance, type Instance } from './instances.js';
import { parseProviders } from './providers.js';
import { eventObject } from './serialize.js';
import { generateCalendar } from './seed.js';
import { calendarState, resetCalendarStats } from './stats.js';
import { calendarByKey, ensureCalendar } from './store.js';
import { parseInstant, UTC_ZONE } from './time.js';
import { windowInstances } from './window.js';
import { createEvent, deleteInstance, patchEvent } from './write.js';

type Body = Record<string, unknown>;
const fail = (status: number, message: string) => Object.assign(new Error(message), { statusCode: status });
const body = (req: FastifyRequest): Body => (req.body && typeof req.body === 'object' ? (req.body as Body) : {});
const json = (inst: Instance) => eventObject(inst, { out: UTC_ZONE, basic: false });

/**
 * The calendar part of the control API: what a user does "in Outlook" (create, change, delete
 * events as organizer, with the same effects on attendees as through Graph), online-meeting
 * settings, bulk generation and statistics. `{user}` is an object id or a UPN.
 */
export function registerCalendarControl(app: FastifyInstance, ctx: SandboxContext): void {
  const user = (key: string): string => {
    const u = ctx.directory.userById(key) ?? ctx.directory.userByEmail(key);
    if (!u) throw fail(404, `no such user: ${key}`);
    ensureCalendar(ctx, u.id);
    return u.id;
  };
  // Event ids (150+ characters) exceed Fastify's default parameter length, so they ride in the wildcard.
  const event = (req: FastifyRequest): Instance => {
    const { user: key, '*': id } = req.params as { user: string; '*': string };
    const inst = findEvent(ctx.db, user(key), id);
    if (!inst) throw fail(404, `no such event: ${id}`);
    return inst;
  };

  app.post('/control/calendar/:user/events', async (req, reply) => {
    const { user: key } = req.params as { user: string };
    const b = body(req);
    const userId = user(key);
    const cal = typeof b.calendarId === 'string' ? calendarByKey(ctx, userId, b.calendarId) : ensureCalendar(ctx, userId);
    if (!cal) throw fail(404, 'no such calendar');
    const { row } = createEvent(ctx, cal, b);
    return reply.code(201).send(json(rowInstance(ctx.db, row)));
  });
  app.patch('/control/calendar/:user/events/*', async (req) => json(patchEvent(ctx, event(req), body(req))));
  app.delete('/control/calendar/:user/events/*', async (req, reply) => {
    deleteInstance(ctx, event(req));
    return reply.code(204).send();
  });
  app.get('/control/calendar/:user/events', async (req) => {
    const { user: key } = req.params as { user: string };
    const q = req.query as Record<string, string | undefined>;
    const userId = user(key);
    const from = q.startDateTime ? parseInstant(q.startDateTime, 'startDateTime') : -8.64e15;
    const to = q.endDateTime ? parseInstant(q.endDateTime, 'endDateTime') : 8.64e15;
    const cal = ensureCalendar(ctx, userId);
    if (!q.startDateTime) {
      const rows = ctx.db.prepare("SELECT * FROM ge_event WHERE user_id = ? AND type != 'exception' ORDER BY start_ms").all(userId) as Parameters<typeof rowInstance>[1][];
      return { user: userId, value: rows.map((r) => json(rowInstance(ctx.db, r))) };
    }
    return { user: userId, value: windowInstances(ctx.db, cal.id, from, to).map(json) };
  });
  app.put('/control/calendar/:user/online-meeting-providers', async (req) => {
    const { user: key } = req.params as { user: string };
    const b = body(req);
    const { allowed, def } = parseProviders(b);
    const userId = user(key);
    // One calendar when named, else all of the user's (what a Teams licence or policy change does).
    const cal = typeof b.calendarId === 'string' ? calendarByKey(ctx, userId, b.calendarId) : undefined;
    if (typeof b.calendarId === 'string' && !cal) throw fail(404, 'no such calendar');
    setProviders(ctx, userId, allowed, def, cal?.id);
    return { user: userId, ...(cal ? { calendarId: cal.id } : {}), allowedOnlineMeetingProviders: allowed, defaultOnlineMeetingProvider: def };
  });
  app.put('/control/calendar/online-meetings', async (req) => {
    const b = body(req);
    const { knobs } = calendarState(ctx);
    if (b.delayedJoinUrlShare !== undefined) knobs.delayedJoinUrlShare = Math.min(1, Math.max(0, Number(b.delayedJoinUrlShare) || 0));
    if (b.delayedJoinUrlMs !== undefined) knobs.delayedJoinUrlMs = Math.max(0, Number(b.delayedJoinUrlMs) || 0);
    return { ...knobs };
  });
  app.post('/control/calendar/:user/generate', async (req) => {
    const { user: key } = req.params as { user: string };
    const b = body(req);
    const userId = user(key);
    const started = performance.now();
    const made = generateCalendar(ctx, userId, {
      events: Number(b.events ?? 100), series: Number(b.series ?? 0),
      daysBack: Number(b.daysBack ?? 90), daysAhead: Number(b.daysAhead ?? 365), attendees: b.attendees === true,
    });
    return { user: userId, ...made, ms: Math.round(performance.now() - started) };
  });
  app.get('/control/calendar/stats', async () => calendarState(ctx).stats);
  app.post('/control/calendar/stats/reset', async () => resetCalendarStats(ctx));
}
