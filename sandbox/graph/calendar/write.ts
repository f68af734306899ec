import type { SandboxContext } from '../../core/context.js';
import { badRequest } from '../http/errors.js';
import { cancelAllCopies, cancelCopy, mirrorToAttendees, type Sending } from './attendees.js';
import { newEventId, newICalUId } from './ids.js';
import { parseEventBody } from './input.js';
import type { Instance } from './instances.js';
import { onlineFields, scheduleJoinUrl } from './online.js';
import type { CalendarRow, EventRow, NewEventRow } from './schema.js';
import { countSent } from './stats.js';
import { byTransaction, calendarRow, copiesOf, deleteEvent, eventByPk, exceptionsOf, insertEvent, updateEvent } from './store.js';

const DEFAULTS = {
  master_pk: null, original_start: null, is_all_day: 0, subject: '', body_type: 'html', body: '', location: '{"displayName":""}',
  attendees_json: '[]', recurrence_json: null, cancelled_json: '[]', show_as: 'busy', sensitivity: 'normal', importance: 'normal',
  categories_json: '[]', is_reminder_on: 1, reminder_minutes: 15, is_cancelled: 0, org_pk: null,
} satisfies Partial<NewEventRow>;

/** Creates an event as its organizer. A transactionId seen before returns that event instead of a duplicate. */
export function createEvent(ctx: SandboxContext, cal: CalendarRow, body: Record<string, unknown>): { row: EventRow; replayed: boolean } {
  const txn = typeof body.transactionId === 'string' && body.transactionId ? body.transactionId : null;
  if (txn) {
    const earlier = byTransaction(ctx.db, cal.user_id, txn);
    if (earlier) {
      countSent(ctx, 'transactionReplays');
      return { row: earlier, replayed: true };
    }
  }
  const change = parseEventBody(body);
  const online = onlineFields(ctx, cal, change.online);
  const me = ctx.directory.userById(cal.user_id)!;
  const row = insertEvent(ctx, {
    ...DEFAULTS, ...change.fields, ...online.fields,
    user_id: cal.user_id, calendar_id: cal.id, id: newEventId(), ical_uid: newICalUId(),
    type: change.fields.recurrence_json ? 'seriesMaster' : 'singleInstance',
    start_ms: change.fields.start_ms!, end_ms: change.fields.end_ms!, start_tz: change.fields.start_tz!, end_tz: change.fields.end_tz!,
    span_start: change.fields.span_start!, span_end: change.fields.span_end!,
    attendees_json: JSON.stringify(change.attendees ?? []),
    organizer_json: JSON.stringify({ emailAddress: { name: me.displayName, address: me.mail } }),
    is_organizer: 1, response: 'organizer', transaction_id: txn,
  } as Omit<NewEventRow, 'seq' | 'change_key' | 'created' | 'modified'>);
  mirrorToAttendees(ctx, row, change.attendees?.length ? 'invite' : 'none');
  if (online.delayed) {
    scheduleJoinUrl(ctx, row.pk, (onlineJson) => {
      const current = eventByPk(ctx.db, row.pk);
      if (current && current.is_online && !current.online_json) mirrorToAttendees(ctx, updateEvent(ctx, current, { online_json: onlineJson }), 'none');
    });
  }
  return { row, replayed: false };
}

/**
 * Applies a PATCH. An occurrence becomes an exception (keeping its id); a change to a series'
 * timing drops its exceptions and cancellations, as Outlook does. Attendees get a new meeting
 * request only when `attendees` is in the body, an update when the meeting moved, else nothing.
 */
export function patchEvent(ctx: SandboxContext, inst: Instance, body: Record<string, unknown>): Instance {
  if (inst.kind === 'occurrence' || inst.kind === 'exception') {
    if ('recurrence' in body) throw badRequest('The recurrence of an occurrence cannot be changed.', 'ErrorInvalidRequest');
  }
  let row = inst.row;
  if (inst.kind === 'occurrence') {
    const master = inst.row;
    const { pk: _pk, seq: _s, change_key: _c, created: _cr, modified: _m, ...base } = master;
    row = insertEvent(ctx, {
      ...base, id: inst.id, type: 'exception', master_pk: master.pk, original_start: inst.originalStart!, recurrence_json: null,
      cancelled_json: '[]', start_ms: inst.start, end_ms: inst.end, span_start: inst.start, span_end: inst.end, transaction_id: null,
      org_pk: null,
    }, false);
  }
  const change = parseEventBody(body, row);
  const online = onlineFields(ctx, calendarRow(ctx.db, row.calendar_id), change.online, row);
  const patch: Partial<NewEventRow> = { ...change.fields, ...online.fields };
  if (change.attendees) patch.attendees_json = JSON.stringify(change.attendees);
  if (row.type !== 'exception' && 'recurrence' in body) patch.type = patch.recurrence_json ? 'seriesMaster' : 'singleInstance';
  if (row.type === 'seriesMaster' && change.timing) {
    for (const e of exceptionsOf(ctx.db, row.pk)) deleteEvent(ctx, e);
    patch.cancelled_json = '[]';
  }
  const updated = updateEvent(ctx, row, patch);
  const moved = change.timing || 'location' in body;
  const sending: Sending = change.attendees ? 'invite' : moved ? 'update' : 'none';
  mirrorToAttendees(ctx, updated, sending);
  const master = updated.type === 'exception' ? eventByPk(ctx.db, updated.master_pk!) : undefined;
  return { ...inst, row: updated, kind: updated.type === 'exception' ? 'exception' : updated.type, start: updated.start_ms, end: updated.end_ms, ...(master ? { master } : {}) };
}

/** Adds an original start to a series' cancelled occurrences, and tells the attendees' copies. */
function cancelOccurrence(ctx: SandboxContext, master: EventRow, originalStart: number): void {
  const cancelled = new Set(JSON.parse(master.cancelled_json) as number[]).add(originalStart);
  const updated = updateEvent(ctx, master, { cancelled_json: JSON.stringify([...cancelled].sort((a, b) => a - b)) });
  if (updated.is_organizer) {
    const attendees = (JSON.parse(updated.attendees_json) as unknown[]).length;
    if (attendees) countSent(ctx, 'cancellationsSent', attendees);
    for (const copy of copiesOf(ctx.db, updated.pk)) {
      const own = exceptionsOf(ctx.db, copy.pk).find((e) => e.original_start === originalStart);
      if (own) deleteEvent(ctx, own);
    }
    mirrorToAttendees(ctx, updated, 'none');
  }
}

/** DELETE: an occurrence or exception leaves its series; an organizer's meeting is cancelled for its attendees. */
export function deleteInstance(ctx: SandboxContext, inst: Instance): void {
  if (inst.kind === 'occurrence') return cancelOccurrence(ctx, inst.row, inst.originalStart!);
  if (inst.kind === 'exception') {
    deleteEvent(ctx, inst.row);
    const master = eventByPk(ctx.db, inst.row.master_pk!);
    if (master) cancelOccurrence(ctx, master, inst.row.original_start!);
    return;
  }
  cancelAllCopies(ctx, inst.row);
  if (inst.kind === 'seriesMaster') for (const e of exceptionsOf(ctx.db, inst.row.pk)) cancelAllCopies(ctx, e);
  deleteEvent(ctx, inst.row);
}

/** POST /events/{id}/cancel: only the organizer may; attendees' copies are cancelled, the organizer's removed. */
export function cancelEvent(ctx: SandboxContext, inst: Instance): void {
  if (!inst.row.is_organizer) throw badRequest('Your request can\'t be completed. You need to be an organizer to cancel a meeting.', 'ErrorAccessDenied');
  deleteInstance(ctx, inst);
}

export { cancelCopy };
