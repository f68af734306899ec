import type { FastifyInstance } from 'fastify';
import type { SandboxContext } from '../../core/context.js';
import { badRequest } from '../http/errors.js';
import { graphBase, graphRoute, type GraphCall } from '../http/route.js';
import { readSettings } from '../mail/mailbox.js';
import { eventView, reading } from './common.js';
import { ensureCalendar } from './store.js';
import { parseZoned, zoned } from './time.js';
import { windowInstances } from './window.js';

/** availabilityView digits: 0 free, 1 tentative, 2 busy, 3 oof, 4 workingElsewhere. */
const DIGIT: Record<string, number> = { free: 0, tentative: 1, busy: 2, oof: 3, workingElsewhere: 4, unknown: 0 };
/** When items overlap in one slot, the more unavailable status wins. */
const RANK = [0, 2, 3, 4, 1];

function schedule(call: GraphCall) {
  reading(call);
  const b = call.body;
  if (!Array.isArray(b.schedules) || !b.schedules.length) throw badRequest("'schedules' must list at least one address.", 'ErrorInvalidParameter');
  const from = parseZoned(b.startTime, 'startTime').utc;
  const to = parseZoned(b.endTime, 'endTime').utc;
  if (to <= from) throw badRequest('The end time must be after the start time.', 'ErrorInvalidParameter');
  const interval = b.availabilityViewInterval === undefined ? 30 : Number(b.availabilityViewInterval);
  if (!Number.isInteger(interval) || interval < 5 || interval > 1440) throw badRequest('availabilityViewInterval must be between 5 and 1440.', 'ErrorInvalidParameter');
  const out = eventView(call).out;
  const me = call.ctx.directory.userById(call.userId)!;
  const value = (b.schedules as unknown[]).map((raw) => {
    const scheduleId = String(raw);
    const user = call.ctx.directory.userByEmail(scheduleId);
    // Free/busy reaches colleagues in the caller's tenant; anyone else is unknown to this mailbox.
    if (!user || user.tenantId !== me.tenantId) {
      return { scheduleId, availabilityView: '', scheduleItems: [], error: { message: `The user '${scheduleId}' wasn't found.`, responseCode: 'ErrorMailRecipientNotFound' } };
    }
    const cal = ensureCalendar(call.ctx, user.id);
    const all = windowInstances(call.ctx.db, cal.id, from, to).filter((i) => !i.row.is_cancelled);
    const items = all.filter((i) => i.row.show_as !== 'free');
    const slot = interval * 60_000;
    let view = '';
    for (let t = from; t < to; t += slot) {
      let best = 0;
      for (const i of items) if (i.start < t + slot && i.end > t) best = Math.max(best, RANK[DIGIT[i.row.show_as] ?? 2] ?? 0);
      view += String(RANK.indexOf(best));
    }
    const settings = readSettings(call.ctx.db, user.id);
    // Exchange's default sharing inside an organization is free/busy time only, so colleagues
    // see status and times; subject and location only on the caller's own calendar.
    const own = user.id === call.userId;
    return {
      scheduleId,
      availabilityView: view,
      scheduleItems: all.map((i) => ({
        isPrivate: i.row.sensitivity === 'private',
        status: i.row.show_as === 'unknown' ? 'busy' : i.row.show_as,
        ...(own ? { subject: i.row.subject, location: (JSON.parse(i.row.location) as { displayName: string }).displayName } : {}),
        start: zoned(i.start, out),
        end: zoned(i.end, out),
      })),
      workingHours: settings.workingHours,
    };
  });
  return { '@odata.context': `${graphBase(call.ctx, call.req)}/v1.0/$metadata#Collection(microsoft.graph.scheduleInformation)`, value };
}

export function registerScheduleRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  graphRoute(app, ctx, { method: 'POST', path: '/calendar/getSchedule', permissions: ['Calendars.ReadBasic'], handler: schedule });
}
