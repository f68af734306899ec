import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Message } from '@microsoft/microsoft-graph-types';
import { CAL, at, post, type EventJson, type Page } from './calendarHarness.js';
import { USERS, startGraphHarness, type GraphHarness } from './graphHarness.js';
import { waitFor } from '../helpers/wait.js';

interface Stats { invitationsSent: number; updatesSent: number; cancellationsSent: number; delayedJoinUrls: number }

describe('sandbox Graph calendar: attendees, online meetings, free/busy', () => {
  let h: GraphHarness;
  let ann: string;
  let bob: string;
  let zed: string;
  const stats = async () => (await h.ctl<Stats>('GET', '/control/calendar/stats')).body;
  const inbox = async (token: string) => (await h.call<{ value: Message[] }>('GET', '/v1.0/me/mailFolders/inbox/messages?$top=100', token)).body.value.map((m) => m.subject);
  const copyOf = async (token: string, iCalUId: string) =>
    (await h.call<Page>('GET', '/v1.0/me/events?$top=100', token)).body.value.find((e) => e.iCalUId === iCalUId);
  before(async () => {
    h = await startGraphHarness();
    ann = h.token(USERS.ann, CAL);
    bob = h.token(USERS.bob, CAL);
    zed = h.token(USERS.zed, CAL);
  });
  after(() => h.close());

  test('an attendee who is a sandbox user (any tenant) gets a copy: same iCalUId, another id, isOrganizer false, and an invitation', async () => {
    const before = await stats();
    const ev = await post(h, ann, at('Kickoff', '2026-12-10T14:00:00', '2026-12-10T15:00:00', {
      attendees: [{ emailAddress: { address: USERS.bob.mail, name: 'Bob' }, type: 'required' }, { emailAddress: { address: USERS.zed.mail } }, { emailAddress: { address: 'guest@outside.test' } }],
    }));
    for (const token of [bob, zed]) {
      const copy = await copyOf(token, ev.iCalUId);
      assert.ok(copy, 'copy exists');
      assert.notEqual(copy.id, ev.id);
      assert.equal(copy.isOrganizer, false);
      assert.equal(copy.subject, 'Kickoff');
      assert.equal((copy.organizer as { emailAddress: { address: string } }).emailAddress.address, USERS.ann.mail);
      assert.ok((await inbox(token)).includes('Kickoff'));
    }
    assert.equal((await stats()).invitationsSent - before.invitationsSent, 3);
  });

  test('an update that does not touch attendees re-invites nobody; a move sends updates; cancellation follows to the copies', async () => {
    const ev = await post(h, ann, at('Review', '2026-12-11T14:00:00', '2026-12-11T15:00:00', { attendees: [{ emailAddress: { address: USERS.bob.mail } }] }));
    const s0 = await stats();
    await h.call('PATCH', `/v1.0/me/events/${ev.id}`, ann, { body: { subject: 'Review (agenda)', body: { contentType: 'text', content: 'New agenda' } } });
    const s1 = await stats();
    assert.equal(s1.invitationsSent, s0.invitationsSent);
    assert.equal(s1.updatesSent, s0.updatesSent);
    assert.equal((await copyOf(bob, ev.iCalUId))!.subject, 'Review (agenda)');
    await h.call('PATCH', `/v1.0/me/events/${ev.id}`, ann, { body: { start: { dateTime: '2026-12-11T16:00:00', timeZone: 'UTC' }, end: { dateTime: '2026-12-11T17:00:00', timeZone: 'UTC' } } });
    const s2 = await stats();
    assert.equal(s2.invitationsSent, s1.invitationsSent);
    assert.equal(s2.updatesSent, s1.updatesSent + 1);
    assert.equal((await copyOf(bob, ev.iCalUId))!.start.dateTime, '2026-12-11T16:00:00.0000000');
    await h.call('PATCH', `/v1.0/me/events/${ev.id}`, ann, { body: { attendees: [{ emailAddress: { address: USERS.bob.mail } }] } });
    assert.equal((await stats()).invitationsSent, s2.invitationsSent + 1, 'PATCHing attendees re-sends the request');
    assert.equal((await h.call('DELETE', `/v1.0/me/events/${ev.id}`, ann)).status, 204);
    const cancelled = await copyOf(bob, ev.iCalUId);
    assert.equal(cancelled?.isCancelled, true);
    assert.match(cancelled!.subject, /^Canceled: /);
    assert.equal((await stats()).cancellationsSent, s2.cancellationsSent + 1);
    assert.ok((await inbox(bob)).some((s) => s?.startsWith('Canceled: Review')));
  });

  test('a dropped attendee gets a cancelled copy; a series with a cancelled occurrence follows to the copy', async () => {
    const ev = await post(h, ann, at('Weekly sync', '2026-12-07T10:00:00', '2026-12-07T10:30:00', {
      attendees: [{ emailAddress: { address: USERS.bob.mail } }, { emailAddress: { address: USERS.cat.mail } }],
      recurrence: { pattern: { type: 'weekly', daysOfWeek: ['monday'] }, range: { type: 'numbered', startDate: '2026-12-07', numberOfOccurrences: 4 } },
    }));
    const occ = (await h.call<Page>('GET', `/v1.0/me/events/${ev.id}/instances?startDateTime=2026-12-01T00:00:00Z&endDateTime=2027-01-31T00:00:00Z`, ann)).body.value;
    await h.call('DELETE', `/v1.0/me/events/${occ[1]!.id}`, ann);
    const bobCopy = (await copyOf(bob, ev.iCalUId))!;
    assert.equal(bobCopy.type, 'seriesMaster');
    const bobOcc = (await h.call<Page>('GET', `/v1.0/me/events/${bobCopy.id}/instances?startDateTime=2026-12-01T00:00:00Z&endDateTime=2027-01-31T00:00:00Z`, bob)).body.value;
    assert.deepEqual(bobOcc.map((e) => e.start.dateTime.slice(0, 10)), ['2026-12-07', '2026-12-21', '2026-12-28']);
    await h.call('PATCH', `/v1.0/me/events/${ev.id}`, ann, { body: { attendees: [{ emailAddress: { address: USERS.bob.mail } }] } });
    const catCopy = await copyOf(h.token(USERS.cat, CAL), ev.iCalUId);
    assert.equal(catCopy?.isCancelled, true);
  });

  test('isOnlineMeeting with teamsForBusiness gives onlineMeeting.joinUrl', async () => {
    const ev = await post(h, ann, at('Teams', '2026-12-12T09:00:00', '2026-12-12T09:30:00', { isOnlineMeeting: true, onlineMeetingProvider: 'teamsForBusiness' }));
    assert.equal(ev.isOnlineMeeting, true);
    assert.equal(ev.onlineMeetingProvider, 'teamsForBusiness');
    assert.match(ev.onlineMeeting!.joinUrl, /^https:\/\/teams\.microsoft\.com\/l\/meetup-join\/19%3ameeting_[A-Za-z0-9]+%40thread\.v2\/0\?context=/);
    assert.equal(ev.onlineMeetingUrl, null);
  });

  test('a provider the calendar does not allow is silently ignored: no online meeting', async () => {
    await h.ctl('PUT', `/control/calendar/${USERS.zed.id}/online-meeting-providers`, { allowed: ['unknown'] });
    const ev = await post(h, zed, at('No Teams here', '2026-12-12T09:00:00', '2026-12-12T09:30:00', { isOnlineMeeting: true, onlineMeetingProvider: 'teamsForBusiness' }));
    assert.equal(ev.isOnlineMeeting, false);
    assert.equal(ev.onlineMeeting, null);
    assert.equal(ev.onlineMeetingProvider, 'unknown');
  });

  test('a configured share of creates answers onlineMeeting null and fills the join URL in moments later, as an update', async () => {
    await h.ctl('PUT', '/control/calendar/online-meetings', { delayedJoinUrlShare: 1, delayedJoinUrlMs: 20 });
    const seen = h.changes.length;
    const ev = await post(h, ann, at('Late link', '2026-12-13T09:00:00', '2026-12-13T09:30:00', { isOnlineMeeting: true, onlineMeetingProvider: 'teamsForBusiness' }));
    assert.equal(ev.isOnlineMeeting, true);
    assert.equal(ev.onlineMeeting, null);
    const filled = await waitFor(async () => {
      const r = await h.call<EventJson>('GET', `/v1.0/me/events/${ev.id}`, ann);
      return r.body.onlineMeeting ? r.body : undefined;
    }, { message: 'join URL filled in' });
    assert.match(filled.onlineMeeting!.joinUrl, /^https:\/\/teams\.microsoft\.com\/l\/meetup-join\//);
    assert.notEqual(filled.changeKey, ev.changeKey);
    assert.ok(h.changes.slice(seen).some((c) => c.changeType === 'updated' && c.id === ev.id));
    await h.ctl('PUT', '/control/calendar/online-meetings', { delayedJoinUrlShare: 0 });
  });

  test('getSchedule: availabilityView digits, free/busy scheduleItems without subjects, workingHours; Calendars.ReadBasic suffices', async () => {
    const cat = h.token(USERS.cat, CAL);
    await post(h, cat, at('Private thing', '2026-12-15T09:00:00', '2026-12-15T10:00:00'));
    await post(h, cat, at('Maybe', '2026-12-15T10:30:00', '2026-12-15T11:00:00', { showAs: 'tentative' }));
    await post(h, cat, at('Away', '2026-12-15T11:00:00', '2026-12-15T11:30:00', { showAs: 'oof' }));
    const basic = h.token(USERS.ann, ['Calendars.ReadBasic']);
    const r = await h.call<{ value: Array<{ scheduleId: string; availabilityView: string; scheduleItems: Array<Record<string, unknown>>; workingHours: unknown; error?: unknown }> }>('POST', '/v1.0/me/calendar/getSchedule', basic, {
      body: { schedules: [USERS.cat.mail, 'nobody@nowhere.test'], startTime: { dateTime: '2026-12-15T08:00:00', timeZone: 'UTC' }, endTime: { dateTime: '2026-12-15T12:00:00', timeZone: 'UTC' }, availabilityViewInterval: 30 },
    });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const [c, nobody] = r.body.value;
    assert.equal(c!.availabilityView, '00220130');
    assert.deepEqual(c!.scheduleItems.map((i) => i.status), ['busy', 'tentative', 'oof']);
    assert.ok(c!.scheduleItems.every((i) => !('subject' in i)));
    assert.ok(c!.workingHours);
    assert.ok(nobody!.error);
    const noScope = await h.call('POST', '/v1.0/me/calendar/getSchedule', h.token(USERS.ann, ['Mail.Read']), { body: {} });
    assert.equal(noScope.status, 403);
    const badInterval = await h.call('POST', '/v1.0/me/calendar/getSchedule', basic, {
      body: { schedules: [USERS.cat.mail], startTime: { dateTime: '2026-12-15T08:00:00', timeZone: 'UTC' }, endTime: { dateTime: '2026-12-15T12:00:00', timeZone: 'UTC' }, availabilityViewInterval: 2 },
    });
    assert.equal(badInterval.status, 400);
  });

  test('mailboxSettings carries timeZone and workingHours; an unknown zone is refused', async () => {
    const token = h.token(USERS.ann, ['MailboxSettings.ReadWrite']);
    const ok = await h.call<{ timeZone: string; workingHours: { timeZone: { name: string } } }>('PATCH', '/v1.0/me/mailboxSettings', token, { body: { timeZone: 'Pacific Standard Time', workingHours: { timeZone: { name: 'Pacific Standard Time' } } } });
    assert.equal(ok.status, 200);
    const got = await h.call<{ timeZone: string; workingHours: { startTime: string; timeZone: { name: string } } }>('GET', '/v1.0/me/mailboxSettings', token);
    assert.equal(got.body.timeZone, 'Pacific Standard Time');
    assert.equal(got.body.workingHours.timeZone.name, 'Pacific Standard Time');
    assert.equal(got.body.workingHours.startTime, '08:00:00.0000000');
    const bad = await h.call<{ error: { code: string } }>('PATCH', '/v1.0/me/mailboxSettings', token, { body: { timeZone: 'Nowhere/Land' } });
    assert.equal(bad.status, 400);
  });
});
