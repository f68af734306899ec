import { utcToWall } from './times.js';

/** The outbox payload of a calendar write: only what the CRM changed (all of it for a create). */
export interface EventWrite {
  subject?: string;
  notes?: string | null;
  start?: string;
  end?: string;
  /** IANA zone the times are meant in; sent with start and end so Outlook shows them in it. */
  timeZone?: string;
  location?: string | null;
  /** The complete attendee list, sent only when it changed: any attendees PATCH re-invites. */
  attendees?: Array<{ name: string | null; address: string }>;
  teams?: boolean;
  /** A series edit or cancel: the series master instead of the linked occurrence. */
  seriesMasterGraphId?: string;
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\n/g, '<br>');

/**
 * Outlook and Teams append the join block to an online meeting's body, after a line of underscores.
 * A new body without it silently turns the meeting into an in-person one (lessons: Teams meetings),
 * so new notes replace only what comes before that block.
 */
export function bodyKeepingJoinBlock(notes: string | null, currentHtml: string | null): { contentType: 'html'; content: string } {
  const mine = notes ? `<div>${escapeHtml(notes)}</div>` : '';
  const at = currentHtml ? currentHtml.search(/_{20,}/) : -1;
  if (at < 0) return { contentType: 'html', content: mine };
  // Keep the block from the start of the element that holds the underscores.
  const tagStart = currentHtml!.lastIndexOf('<', at);
  return { contentType: 'html', content: mine + currentHtml!.slice(tagStart >= 0 ? tagStart : at) };
}

/** The Graph event body of a write. A create sends everything; an update only the fields it carries. */
export function graphEventBody(w: EventWrite, zone: string): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  if (w.subject !== undefined) body.subject = w.subject;
  if (w.start !== undefined) body.start = { dateTime: utcToWall(w.start, zone), timeZone: zone };
  if (w.end !== undefined) body.end = { dateTime: utcToWall(w.end, zone), timeZone: zone };
  if (w.location !== undefined) body.location = { displayName: w.location ?? '' };
  if (w.attendees !== undefined) {
    body.attendees = w.attendees.map((a) => ({ emailAddress: { address: a.address, ...(a.name ? { name: a.name } : {}) }, type: 'required' }));
  }
  if (w.teams) {
    // Once online, a meeting cannot be switched back (graph-facts §5): only ever sent as true.
    body.isOnlineMeeting = true;
    body.onlineMeetingProvider = 'teamsForBusiness';
  }
  return body;
}
