import type { Instance } from './instances.js';
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

/** An instance in Graph's event shape, every property present as Graph sends them. */
export function eventObject(inst: Instance, v: EventView): Record<string, unknown> {
  const r = inst.row;
  const master = inst.master;
  const online = r.online_json ? (JSON.parse(r.online_json) as { joinUrl: string }) : null;
  const location = JSON.parse(r.location) as { displayName: string };
  const seriesMasterId = inst.kind === 'occurrence' || inst.kind === 'exception' ? (master?.id ?? null) : null;
  const day = inst.originalStart !== undefined ? new Date(inst.originalStart).toISOString().slice(0, 10) : '';
  const full: Record<string, unknown> = {
    '@odata.etag': `W/"${r.change_key}"`,
    id: inst.id,
    createdDateTime: isoSeconds(r.created),
    lastModifiedDateTime: isoSeconds(r.modified),
    changeKey: r.change_key,
    categories: JSON.parse(r.categories_json),
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
    location: { displayName: location.displayName, locationType: 'default', uniqueIdType: 'unknown', address: {}, coordinates: {} },
    locations: location.displayName ? [{ displayName: location.displayName, locationType: 'default', uniqueIdType: 'unknown', address: {}, coordinates: {} }] : [],
    recurrence: inst.kind === 'seriesMaster' && r.recurrence_json ? JSON.parse(r.recurrence_json) : null,
    attendees: JSON.parse(r.attendees_json),
    organizer: JSON.parse(r.organizer_json),
    onlineMeeting: online,
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
