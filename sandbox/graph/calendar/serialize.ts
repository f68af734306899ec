import type { Instance } from './instances.js';
import type { EventRow } from './schema.js';
import { isoSeconds, zoned, type OutputZone } from './time.js';

export interface EventView {
  out: OutputZone;
  /** Calendars.ReadBasic: no body or bodyPreview. */
  basic: boolean;
  select?: string[];
}

const NEVER = '0001-01-01T00:00:00Z';
const preview = (type: string, body: string) =>
  (type === 'html' ? body.replace(/<[^>]*>/g, ' ').replace(/&nbsp;/g, ' ') : body).replace(/\s+/g, ' ').trim().slice(0, 255);

export function parseSelect(raw: string | undefined): string[] | undefined {
  if (!raw) return undefined;
  return raw.split(',').map((s) => s.trim()).filter(Boolean);
}

const parsed = new WeakMap<EventRow, { categories: unknown; location: { displayName: string }; attendees: unknown; organizer: unknown; online: unknown; recurrence: unknown }>();

/** A row's JSON columns, parsed once however many occurrences of it a page shows. */
function columns(r: EventRow) {
  let c = parsed.get(r);
  if (!c) {
    c = {
      categories: JSON.parse(r.categories_json), location: JSON.parse(r.location) as { displayName: string }, attendees: JSON.parse(r.attendees_json),
      organizer: JSON.parse(r.organizer_json), online: r.online_json ? JSON.parse(r.online_json) : null, recurrence: r.recurrence_json ? JSON.parse(r.recurrence_json) : null,
    };
    parsed.set(r, c);
  }
  return c;
}

/** An instance in Graph's event shape, every property present as Graph sends them. */
export function eventObject(inst: Instance, v: EventView): Record<string, unknown> {
  const r = inst.row;
  const master = inst.master;
  const col = columns(r);
  const location = col.location;
  const seriesMasterId = inst.kind === 'occurrence' || inst.kind === 'exception' ? (master?.id ?? null) : null;
  const day = inst.originalStart !== undefined ? new Date(inst.originalStart).toISOString().slice(0, 10) : '';
  const place = { displayName: location.displayName, locationType: 'default', uniqueIdType: 'unknown', address: {}, coordinates: {} };
  const full: Record<string, unknown> = {
    '@odata.etag': `W/"${r.change_key}"`,
    id: inst.id,
    createdDateTime: isoSeconds(r.created),
    lastModifiedDateTime: isoSeconds(r.modified),
    changeKey: r.change_key,
    categories: col.categories,
    transactionId: inst.kind === 'occurrence' ? null : r.transaction_id,
    originalStartTimeZone: r.start_tz,
    originalEndTimeZone: r.end_tz,
    iCalUId: inst.iCalUId,
    uid: r.ical_uid,
    reminderMinutesBeforeStart: r.reminder_minutes,
    isReminderOn: r.is_reminder_on === 1,
    hasAttachments: false,
    subject: r.subject,
    bodyPreview: preview(r.body_type, r.body),
    importance: r.importance,
    sensitivity: r.sensitivity,
    isAllDay: r.is_all_day === 1,
    isCancelled: r.is_cancelled === 1,
    isOrganizer: r.is_organizer === 1,
    responseRequested: true,
    seriesMasterId,
    showAs: r.show_as,
    type: inst.kind,
    webLink: `https://outlook.office365.com/owa/?itemid=${encodeURIComponent(inst.id)}&exvsurl=1&path=/calendar/item`,
    onlineMeetingUrl: null,
    isOnlineMeeting: r.is_online === 1,
    onlineMeetingProvider: r.provider,
    allowNewTimeProposals: true,
    occurrenceId: seriesMasterId ? `OID.${seriesMasterId}.${day}` : null,
    isDraft: false,
    hideAttendees: false,
    responseStatus: { response: r.is_organizer ? 'organizer' : r.response, time: NEVER },
    body: { contentType: r.body_type, content: r.body },
    start: zoned(inst.start, v.out),
    end: zoned(inst.end, v.out),
    ...(inst.originalStart !== undefined ? { originalStart: isoSeconds(inst.originalStart) } : {}),
    location: place,
    locations: location.displayName ? [place] : [],
    recurrence: inst.kind === 'seriesMaster' ? col.recurrence : null,
    attendees: col.attendees,
    organizer: col.organizer,
    onlineMeeting: col.online,
  };
  if (v.basic) {
    delete full.body;
    delete full.bodyPreview;
  }
  if (!v.select) return full;
  const picked: Record<string, unknown> = { '@odata.etag': full['@odata.etag'], id: full.id };
  for (const key of v.select) if (key in full) picked[key] = full[key];
  return picked;
}

export const eventJson = (inst: Instance, v: EventView): string => JSON.stringify(eventObject(inst, v));
