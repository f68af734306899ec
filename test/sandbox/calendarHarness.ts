import assert from 'node:assert/strict';
import type { GraphHarness, Reply } from './graphHarness.js';

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
export async function deltaRound(h: GraphHarness, token: string, url: string, headers: Record<string, string> = {}) {
  const items: EventJson[] = [];
  const pages: Array<Reply<Page>> = [];
  let next: string | undefined = url;
  for (let guard = 0; next && guard < 2000; guard++) {
    const r: Reply<Page> = await h.call<Page>('GET', next, token, { headers });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    pages.push(r);
    items.push(...r.body.value);
    if (r.body['@odata.deltaLink']) return { items, pages, deltaLink: r.body['@odata.deltaLink'] };
    next = r.body['@odata.nextLink'];
  }
  throw new Error('delta round did not end with a deltaLink');
}
