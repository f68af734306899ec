import { hasPermission } from '../http/auth.js';
import { GraphError, itemNotFound } from '../http/errors.js';
import { applyPreference } from '../http/prefer.js';
import type { GraphCall } from '../http/route.js';
import { findEvent, type Instance } from './instances.js';
import type { CalendarRow, EventRow } from './schema.js';
import { parseSelect, type EventView } from './serialize.js';
import { countEventCall } from './stats.js';
import { calendarByKey, ensureCalendar } from './store.js';
import { outputZone, UTC_ZONE } from './time.js';

/** How this call wants events: its Prefer zone (acknowledged), its permission's reach, its $select. */
export function eventView(call: GraphCall, select = call.query.$select): EventView {
  const out = outputZone(call.prefs.outlookTimeZone);
  if (out !== UTC_ZONE) applyPreference(call.reply, `outlook.timezone="${out.name}"`);
  const basic = !hasPermission(call.claims, 'Calendars.Read');
  const s = parseSelect(select);
  return { out, basic, ...(s ? { select: s } : {}) };
}

export function calendarOr404(call: GraphCall): CalendarRow {
  const key = call.params.calendarId;
  const cal = key === undefined ? ensureCalendar(call.ctx, call.userId) : calendarByKey(call.ctx, call.userId, key);
  if (!cal) throw itemNotFound();
  return cal;
}

export function eventOr404(call: GraphCall): Instance {
  const inst = findEvent(call.ctx.db, call.userId, call.params.eventId ?? '');
  if (!inst) throw itemNotFound();
  if (call.params.calendarId !== undefined && inst.row.calendar_id !== calendarOr404(call).id) throw itemNotFound();
  return inst;
}

export const reading = (call: GraphCall) => countEventCall(call.ctx, call.userId, 'read');
export const writing = (call: GraphCall) => countEventCall(call.ctx, call.userId, 'write');

const conflict = () => new GraphError(412, 'ErrorIrresolvableConflict',
  'The send or update operation could not be performed because the change key passed in the request does not match the current change key for the item.');

/**
 * Optimistic concurrency: an `If-Match` etag (W/"changeKey") or a `changeKey` in the body that
 * is no longer current is refused with 412, and nothing changes. `*` matches any version.
 */
export function checkConcurrency(call: GraphCall, row: EventRow): void {
  const header = call.req.headers['if-match'];
  if (header !== undefined) {
    const tags = (Array.isArray(header) ? header : [header]).flatMap((h) => h.split(',')).map((t) => t.trim()).filter(Boolean);
    if (!tags.some((t) => t === '*' || t.replace(/^W\//, '').replace(/^"|"$/g, '') === row.change_key)) throw conflict();
  }
  const key = call.body.changeKey;
  if (typeof key === 'string' && key !== row.change_key) throw conflict();
}
