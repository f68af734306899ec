import assert from 'node:assert/strict';
import type { GraphHarness } from './graphHarness.js';
import { followDelta } from './deltaRound.js';

export const CAL = ['Calendars.ReadWrite', 'User.Read', 'Mail.ReadWrite', 'MailboxSettings.Read'];

export interface EventJson {
  id: string;
  iCalUId: string;
  type: string;
  subject: string;
  changeKey: string;
  '@odata.etag': string;
  start: { dateTime: string; timeZone: string };
  end: { dateTime: string; timeZone: string };
  seriesMasterId: string | null;
  isOrganizer: boolean;
  isCancelled: boolean;
  isOnlineMeeting: boolean;
  onlineMeetingProvider: string;
  onlineMeeting: { joinUrl: string } | null;
  attendees: Array<{ emailAddress: { address: string } }>;
  '@removed'?: { reason: string };
  [k: string]: unknown;
}
export interface Page { value: EventJson[]; '@odata.nextLink'?: string; '@odata.deltaLink'?: string }

/** A plain event body in UTC wall time. */
export const at = (subject: string, start: string, end: string, extra: Record<string, unknown> = {}) => ({
  subject, start: { dateTime: start, timeZone: 'UTC' }, end: { dateTime: end, timeZone: 'UTC' }, ...extra,
});

export async function post(h: GraphHarness, token: string, body: unknown, path = '/v1.0/me/events'): Promise<EventJson> {
  const r = await h.call<EventJson>('POST', path, token, { body });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return r.body;
}

/** Follows nextLinks to the deltaLink; returns the items and the pages. */
export const deltaRound = (h: GraphHarness, token: string, url: string, headers: Record<string, string> = {}) => followDelta<EventJson>(h, token, url, headers);
