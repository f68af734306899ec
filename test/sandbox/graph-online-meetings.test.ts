/** Sandbox Graph: standalone Teams meetings (POST/GET/DELETE /me/onlineMeetings), as Graph serves them. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { USERS, startGraphHarness, type GraphHarness } from './graphHarness.js';

interface Meeting { id: string; joinWebUrl: string; subject: string | null; startDateTime: string; endDateTime: string; joinMeetingIdSettings: { joinMeetingId: string } }

describe('sandbox Graph: onlineMeetings', () => {
  let h: GraphHarness;
  let ann: string;
  const SCOPES = ['OnlineMeetings.ReadWrite', 'Calendars.ReadWrite', 'User.Read'];
  before(async () => {
    h = await startGraphHarness();
    ann = h.token(USERS.ann, SCOPES);
  });
  after(() => h.close());

  test('create answers 201 with a Teams joinWebUrl and makes no calendar event; get and delete by id', async () => {
    const events = async () => (await h.call<{ value: unknown[] }>('GET', '/v1.0/me/events?$top=500', ann)).body.value.length;
    const before = await events();
    const made = await h.call<Meeting>('POST', '/v1.0/me/onlineMeetings', ann, { body: { subject: 'Standalone', startDateTime: '2027-01-05T09:00:00Z', endDateTime: '2027-01-05T09:30:00Z' } });
    assert.equal(made.status, 201);
    assert.match(made.body.joinWebUrl, /^https:\/\/teams\.microsoft\.com\/l\/meetup-join\//);
    assert.equal(made.body.subject, 'Standalone');
    assert.equal(made.body.endDateTime, '2027-01-05T09:30:00.000Z');
    assert.match(made.body.joinMeetingIdSettings.joinMeetingId, /^\d{12}$/);
    assert.equal(await events(), before, 'no calendar event');
    const defaults = await h.call<Meeting>('POST', '/v1.0/me/onlineMeetings', ann, { body: {} });
    assert.equal(Date.parse(defaults.body.endDateTime) - Date.parse(defaults.body.startDateTime), 3_600_000);
    assert.notEqual(defaults.body.joinWebUrl, made.body.joinWebUrl);
    assert.equal((await h.call<Meeting>('GET', `/v1.0/me/onlineMeetings/${made.body.id}`, ann)).body.joinWebUrl, made.body.joinWebUrl);
    assert.equal((await h.call('DELETE', `/v1.0/me/onlineMeetings/${made.body.id}`, ann)).status, 204);
    assert.equal((await h.call('GET', `/v1.0/me/onlineMeetings/${made.body.id}`, ann)).status, 404);
  });

  test('refused without OnlineMeetings.ReadWrite, for a calendar that allows no Teams, and for end before start', async () => {
    const noScope = h.token(USERS.ann, ['Calendars.ReadWrite']);
    assert.equal((await h.call('POST', '/v1.0/me/onlineMeetings', noScope, { body: { subject: 'x' } })).status, 403);
    assert.equal((await h.ctl('PUT', `/control/calendar/${USERS.zed.userPrincipalName}/online-meeting-providers`, { allowed: ['unknown'] })).status, 200);
    const zed = h.token(USERS.zed, SCOPES);
    const refused = await h.call('POST', '/v1.0/me/onlineMeetings', zed, { body: { subject: 'x' } });
    assert.equal(refused.status, 403, 'a calendar that allows no Teams meetings (no Teams licence) cannot make one');
    const backwards = await h.call('POST', '/v1.0/me/onlineMeetings', ann, { body: { startDateTime: '2027-01-05T10:00:00Z', endDateTime: '2027-01-05T09:00:00Z' } });
    assert.equal(backwards.status, 400);
  });
});
