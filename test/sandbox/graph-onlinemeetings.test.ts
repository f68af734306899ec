/**
 * Sandbox Graph conformance for scheduling pages: standalone Teams meetings (/me/onlineMeetings)
 * and who may make them, the failure knob, getSchedule with working hours, Teams join URLs that
 * arrive late, and transactionId on event creates. One test per fact.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { DirectoryUser } from '../../sandbox/core/directory.js';
import { waitFor } from '../helpers/wait.js';
import { CAL, at, post, type EventJson, type Page } from './calendarHarness.js';
import { TENANT, USERS, startGraphHarness, type GraphHarness } from './graphHarness.js';

interface Meeting {
  id: string;
  joinWebUrl: string;
  subject: string | null;
  startDateTime: string;
  endDateTime: string;
  creationDateTime: string;
  chatInfo: { threadId: string };
  joinMeetingIdSettings: { joinMeetingId: string; passcode: string | null; isPasscodeRequired: boolean };
  participants: { organizer: { upn: string; identity: { user: { id: string } } }; attendees: Array<{ upn: string | null; role: string; identity: { user: { id: string | null; displayName: string | null } } }> };
  '@odata.context': string;
}
interface GraphErrorBody { error: { code: string; message: string } }
interface ScheduleItem { status: string; isPrivate: boolean; subject?: string; location?: string; start: { dateTime: string }; end: { dateTime: string } }
interface Schedule { scheduleId: string; availabilityView: string; scheduleItems: ScheduleItem[]; workingHours: { daysOfWeek: string[]; startTime: string; endTime: string; timeZone: { name: string } } }

const CONSUMER_TENANT = '9188040d-6c67-4c5b-b112-36a304b66dad';
const pat: DirectoryUser = { id: 'eeeeeeee-0000-0000-0000-000000000005', tenantId: CONSUMER_TENANT, displayName: 'Pat Personal', userPrincipalName: 'pat@outlook.test', mail: 'pat@outlook.test', isAdmin: false };
const SCOPES = ['OnlineMeetings.ReadWrite', ...CAL];

describe('sandbox Graph: standalone Teams meetings and scheduling', () => {
  let h: GraphHarness;
  let ann: string;
  const meetingBody = { subject: 'Intro call', startDateTime: '2027-02-01T15:00:00Z', endDateTime: '2027-02-01T15:30:00Z' };
  const create = (token: string, body: unknown = meetingBody) => h.call<Meeting & GraphErrorBody>('POST', '/v1.0/me/onlineMeetings', token, { body });
  const storedEvents = async (user: DirectoryUser) => (await h.ctl<{ value: unknown[] }>('GET', `/control/calendar/${user.id}/events`)).body.value.length;

  before(async () => {
    h = await startGraphHarness();
    // A personal (outlook.com) account: a user of Microsoft's consumer tenant.
    const base = h.ctx.directory;
    h.ctx.directory = {
      userById: (id) => (id === pat.id ? pat : base.userById(id)),
      userByEmail: (e) => (e.toLowerCase() === pat.mail ? pat : base.userByEmail(e)),
      usersInTenant: (t) => (t === CONSUMER_TENANT ? [pat] : base.usersInTenant(t)),
    };
    ann = h.token(USERS.ann, SCOPES);
  });
  after(() => h.close());

  test('POST /me/onlineMeetings: 201 with a unique Teams joinWebUrl, the meeting fields, and no calendar event', async () => {
    const before = await storedEvents(USERS.ann);
    const made = await create(ann, { ...meetingBody, participants: { attendees: [{ upn: USERS.bob.userPrincipalName }, { upn: 'guest@outside.test', identity: { user: { displayName: 'Guest' } } }] } });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    const m = made.body;
    assert.match(m.joinWebUrl, /^https:\/\/teams\.microsoft\.com\/l\/meetup-join\/19%3ameeting_[A-Za-z0-9]+%40thread\.v2\/0\?context=/);
    assert.match(m['@odata.context'], /onlineMeetings\/\$entity$/);
    assert.equal(m.subject, 'Intro call');
    assert.equal(Date.parse(m.startDateTime), Date.parse(meetingBody.startDateTime));
    assert.equal(Date.parse(m.endDateTime), Date.parse(meetingBody.endDateTime));
    assert.ok(Math.abs(Date.parse(m.creationDateTime) - Date.now()) < 60_000);
    assert.match(m.chatInfo.threadId, /^19:meeting_.+@thread\.v2$/);
    assert.match(m.joinMeetingIdSettings.joinMeetingId, /^\d{12}$/);
    assert.equal(m.participants.organizer.upn, USERS.ann.userPrincipalName);
    assert.equal(m.participants.organizer.identity.user.id, USERS.ann.id);
    assert.deepEqual(m.participants.attendees.map((a) => [a.upn, a.role, a.identity.user.id]), [[USERS.bob.userPrincipalName, 'attendee', USERS.bob.id], ['guest@outside.test', 'attendee', null]]);
    assert.equal(await storedEvents(USERS.ann), before, 'no calendar event');
    const again = await create(ann);
    assert.notEqual(again.body.joinWebUrl, m.joinWebUrl, 'every meeting has its own join URL');
    assert.notEqual(again.body.id, m.id);
  });

  test('without times the meeting starts now and lasts an hour; a passcode exists only when asked for', async () => {
    const sent = Date.now();
    const plain = (await create(ann, { subject: 'Now' })).body;
    assert.ok(Math.abs(Date.parse(plain.startDateTime) - sent) < 60_000, plain.startDateTime);
    assert.equal(Date.parse(plain.endDateTime) - Date.parse(plain.startDateTime), 3_600_000);
    assert.deepEqual([plain.joinMeetingIdSettings.isPasscodeRequired, plain.joinMeetingIdSettings.passcode], [false, null]);
    const locked = (await create(ann, { ...meetingBody, joinMeetingIdSettings: { isPasscodeRequired: true } })).body;
    assert.equal(locked.joinMeetingIdSettings.isPasscodeRequired, true);
    assert.match(locked.joinMeetingIdSettings.passcode ?? '', /^\S{6}$/);
    const untimed = (await create(ann, { startDateTime: '2027-03-01T10:00:00' })).body;
    assert.equal(untimed.startDateTime, '2027-03-01T10:00:00.000Z', 'a time without an offset is UTC');
    for (const bad of [{ startDateTime: 'soon' }, { startDateTime: '2027-03-01T10:00:00Z', endDateTime: '2027-03-01T09:00:00Z' }, { subject: 5 }, { participants: { attendees: {} } }, { participants: { attendees: [{ role: 'attendee' }] } }]) {
      assert.equal((await create(ann, bad)).status, 400, JSON.stringify(bad));
    }
  });

  test('GET and DELETE by id; another user cannot see the meeting; a deleted meeting is 404', async () => {
    const m = (await create(ann)).body;
    const got = await h.call<Meeting>('GET', `/v1.0/me/onlineMeetings/${m.id}`, ann);
    assert.equal(got.status, 200);
    assert.equal(got.body.joinWebUrl, m.joinWebUrl);
    assert.equal((await h.call('GET', `/v1.0/me/onlineMeetings/${m.id}`, h.token(USERS.bob, SCOPES))).status, 404);
    assert.equal((await h.call('DELETE', `/v1.0/me/onlineMeetings/${m.id}`, ann)).status, 204);
    assert.equal((await h.call('GET', `/v1.0/me/onlineMeetings/${m.id}`, ann)).status, 404);
    assert.equal((await h.call('DELETE', `/v1.0/me/onlineMeetings/${m.id}`, ann)).status, 404);
  });

  test('OnlineMeetings.ReadWrite is required: Calendars.ReadWrite alone gets 403 ErrorAccessDenied on create, get and delete', async () => {
    const m = (await create(ann)).body;
    const calendarOnly = h.token(USERS.ann, CAL);
    for (const [method, url] of [['POST', '/v1.0/me/onlineMeetings'], ['GET', `/v1.0/me/onlineMeetings/${m.id}`], ['DELETE', `/v1.0/me/onlineMeetings/${m.id}`]] as const) {
      const r = await h.call<GraphErrorBody>(method, url, calendarOnly, method === 'POST' ? { body: meetingBody } : {});
      assert.equal(r.status, 403, `${method} ${url}`);
      assert.equal(r.body.error.code, 'ErrorAccessDenied');
    }
    assert.equal((await h.call('GET', `/v1.0/me/onlineMeetings/${m.id}`, ann)).status, 200, 'the refused DELETE deleted nothing');
  });

  test('no Teams: a user whose calendar does not allow teamsForBusiness gets 403 Forbidden, and so does a tenant whose policy allows none', async () => {
    const cat = h.token(USERS.cat, SCOPES);
    assert.equal((await create(cat)).status, 201);
    assert.equal((await h.ctl('PUT', `/control/calendar/${USERS.cat.userPrincipalName}/online-meeting-providers`, { allowed: ['unknown'] })).status, 200);
    const refused = await create(cat);
    assert.equal(refused.status, 403);
    assert.equal(refused.body.error.code, 'Forbidden');
    assert.deepEqual((await h.call<{ allowedOnlineMeetingProviders: string[] }>('GET', '/v1.0/me/calendar', cat)).body.allowedOnlineMeetingProviders, ['unknown']);
    await h.ctl('PUT', `/control/calendar/${USERS.cat.id}/online-meeting-providers`, { allowed: ['teamsForBusiness'] });
    assert.equal((await create(cat)).status, 201, 'allowed again');

    const policy = await h.ctl<{ users: number }>('PUT', `/control/calendar/tenants/${TENANT}/online-meeting-providers`, { allowed: ['skypeForBusiness'], default: 'skypeForBusiness' });
    assert.equal(policy.status, 200, JSON.stringify(policy.body));
    assert.equal(policy.body.users, 3);
    assert.equal((await create(h.token(USERS.bob, SCOPES))).status, 403, 'every user of the tenant');
    assert.equal((await create(h.token(USERS.zed, SCOPES))).status, 201, 'another tenant is untouched');
    await h.ctl('PUT', `/control/calendar/tenants/${TENANT}/online-meeting-providers`, { allowed: ['teamsForBusiness'] });
    assert.equal((await create(h.token(USERS.bob, SCOPES))).status, 201);
    assert.equal((await h.ctl('PUT', '/control/calendar/tenants/nope/online-meeting-providers', { allowed: ['unknown'] })).status, 404);
    assert.equal((await h.ctl('PUT', `/control/calendar/tenants/${TENANT}/online-meeting-providers`, { allowed: ['zoom'] })).status, 400);
  });

  test('providers can be set on one calendar: the others keep theirs', async () => {
    const bob = h.token(USERS.bob, SCOPES);
    const second = await h.call<{ id: string }>('POST', '/v1.0/me/calendars', bob, { body: { name: 'Bookings' } });
    const set = await h.ctl('PUT', `/control/calendar/${USERS.bob.id}/online-meeting-providers`, { allowed: ['unknown', 'teamsForBusiness'], default: 'unknown', calendarId: second.body.id });
    assert.equal(set.status, 200, JSON.stringify(set.body));
    const cals = (await h.call<{ value: Array<{ id: string; defaultOnlineMeetingProvider: string }> }>('GET', '/v1.0/me/calendars', bob)).body.value;
    assert.deepEqual(cals.map((c) => [c.id === second.body.id, c.defaultOnlineMeetingProvider]), [[false, 'teamsForBusiness'], [true, 'unknown']]);
    assert.equal((await h.ctl('PUT', `/control/calendar/${USERS.bob.id}/online-meeting-providers`, { allowed: ['unknown'], calendarId: 'nope' })).status, 404);
  });

  test('a personal Microsoft account is refused as Graph refuses it: 400 AuthenticationError', async () => {
    const personal = h.token(pat, SCOPES);
    const r = await create(personal);
    assert.equal(r.status, 400);
    assert.deepEqual([r.body.error.code, r.body.error.message], ['AuthenticationError', 'Error authenticating with resource']);
    assert.equal((await h.call('GET', '/v1.0/me/onlineMeetings/MSoanything', personal)).status, 400);
  });

  test('failure knob: a count of creates fail with the chosen status (Retry-After when given), or every create until cleared; other calls are untouched', async () => {
    const bob = h.token(USERS.bob, SCOPES);
    const set = await h.ctl('PUT', `/control/online-meetings/${USERS.bob.userPrincipalName}/failure`, { status: 503, count: 2, retryAfter: 3 });
    assert.equal(set.status, 200, JSON.stringify(set.body));
    for (let i = 0; i < 2; i++) {
      const r = await create(bob);
      assert.equal(r.status, 503);
      assert.equal(r.body.error.code, 'serviceNotAvailable');
      assert.equal(r.headers['retry-after'], '3');
    }
    assert.equal((await create(bob)).status, 201, 'the count is used up');
    assert.equal((await create(ann)).status, 201, 'other users are not affected');

    await h.ctl('PUT', `/control/online-meetings/${USERS.bob.id}/failure`, { status: 403 });
    for (let i = 0; i < 3; i++) assert.equal((await create(bob)).body.error.code, 'Forbidden');
    assert.equal((await h.call('GET', '/v1.0/me/calendar', bob)).status, 200, 'only onlineMeetings creates fail');
    assert.deepEqual((await h.ctl('DELETE', `/control/online-meetings/${USERS.bob.id}/failure`)).body, { user: USERS.bob.id, cleared: true });
    assert.equal((await create(bob)).status, 201);

    assert.equal((await h.ctl('PUT', `/control/online-meetings/${USERS.bob.id}/failure`, { status: 418 })).status, 400);
    assert.equal((await h.ctl('PUT', `/control/online-meetings/${USERS.bob.id}/failure`, { status: 503, count: 0 })).status, 400);
    assert.equal((await h.ctl('PUT', '/control/online-meetings/nobody@nowhere.test/failure', { status: 503 })).status, 404);
  });

  test('the control API lists a user\'s meetings, newest first', async () => {
    const cat = h.token(USERS.cat, SCOPES);
    const first = (await create(cat, { ...meetingBody, subject: 'first' })).body;
    const second = (await create(cat, { ...meetingBody, subject: 'second' })).body;
    const listed = (await h.ctl<{ value: Meeting[] }>('GET', `/control/online-meetings/${USERS.cat.id}`)).body.value;
    assert.deepEqual(listed.slice(0, 2).map((m) => m.id), [second.id, first.id]);
  });

  test('the request pipeline applies: mailbox faults, the request budget (429) and injected latency', async () => {
    await h.ctl('POST', '/control/mail/faults', { mailbox: USERS.cat.id, status: 500 });
    const cat = h.token(USERS.cat, SCOPES);
    assert.equal((await create(cat)).status, 500);
    assert.equal((await create(cat)).status, 201);

    const budgeted = h.token(USERS.cat, SCOPES, 'app-budget');
    await h.ctl('PUT', '/control/mail/throttling', { requestBudget: 1 });
    try {
      assert.equal((await create(budgeted)).status, 201);
      const throttled = await create(budgeted);
      assert.equal(throttled.status, 429);
      assert.ok(Number(throttled.headers['retry-after']) > 0);
    } finally {
      await h.ctl('PUT', '/control/mail/throttling', { requestBudget: 10_000 });
    }

    await h.ctl('PUT', '/control/mail/throttling', { latencyMs: 120 });
    try {
      const started = performance.now();
      assert.equal((await create(cat)).status, 201);
      assert.ok(performance.now() - started >= 115, 'the create waited for the injected latency');
    } finally {
      await h.ctl('PUT', '/control/mail/throttling', { latencyMs: 0 });
    }
    const stats = (await h.ctl<{ callsByEndpoint: Record<string, number> }>('GET', '/control/mail/stats')).body;
    assert.ok((stats.callsByEndpoint['POST /me/onlineMeetings'] ?? 0) > 0);
  });

  test('getSchedule: every status with availabilityView at the asked interval; a colleague\'s items carry no subject or location, the caller\'s own do', async () => {
    const cat = h.token(USERS.cat, SCOPES);
    const day = '2027-04-06';
    await post(h, cat, at('Board review', `${day}T09:00:00`, `${day}T10:00:00`, { location: { displayName: 'Room 1' } }));
    await post(h, cat, at('Maybe lunch', `${day}T10:00:00`, `${day}T11:00:00`, { showAs: 'tentative' }));
    await post(h, cat, at('Dentist', `${day}T11:00:00`, `${day}T12:00:00`, { showAs: 'oof', sensitivity: 'private' }));
    await post(h, cat, at('From home', `${day}T12:00:00`, `${day}T13:00:00`, { showAs: 'workingElsewhere' }));
    await post(h, cat, at('Reading', `${day}T13:00:00`, `${day}T14:00:00`, { showAs: 'free' }));
    const ask = (token: string, interval: number) => h.call<{ value: Schedule[] }>('POST', '/v1.0/me/calendar/getSchedule', token, {
      body: { schedules: [USERS.cat.mail], startTime: { dateTime: `${day}T08:00:00`, timeZone: 'UTC' }, endTime: { dateTime: `${day}T15:00:00`, timeZone: 'UTC' }, availabilityViewInterval: interval },
    });
    const theirs = (await ask(h.token(USERS.ann, ['Calendars.ReadBasic']), 60)).body.value[0]!;
    assert.equal(theirs.availabilityView, '0213400');
    assert.deepEqual(theirs.scheduleItems.map((i) => i.status), ['busy', 'tentative', 'oof', 'workingElsewhere', 'free']);
    assert.deepEqual(theirs.scheduleItems.map((i) => i.isPrivate), [false, false, true, false, false]);
    assert.equal(theirs.scheduleItems[0]!.start.dateTime, `${day}T09:00:00.0000000`);
    assert.ok(theirs.scheduleItems.every((i) => !('subject' in i) && !('location' in i)), 'free/busy only for a colleague');
    assert.equal((await ask(h.token(USERS.ann, ['Calendars.ReadBasic']), 30)).body.value[0]!.availabilityView, '00221133440000');

    const mine = (await ask(cat, 60)).body.value[0]!;
    assert.deepEqual(mine.scheduleItems.map((i) => i.subject), ['Board review', 'Maybe lunch', 'Dentist', 'From home', 'Reading']);
    assert.equal(mine.scheduleItems[0]!.location, 'Room 1');
  });

  test('working hours set through the control API are what mailboxSettings and getSchedule answer; bad values are 400', async () => {
    const set = await h.ctl<{ workingHours: Schedule['workingHours'] }>('PUT', `/control/calendar/${USERS.bob.userPrincipalName}/working-hours`, {
      daysOfWeek: ['Tuesday', 'monday', 'saturday'], startTime: '9:30', endTime: '18:00:00', timeZone: 'W. Europe Standard Time',
    });
    assert.equal(set.status, 200, JSON.stringify(set.body));
    const expected = { daysOfWeek: ['monday', 'tuesday', 'saturday'], startTime: '09:30:00.0000000', endTime: '18:00:00.0000000', timeZone: { name: 'W. Europe Standard Time' } };
    assert.deepEqual(set.body.workingHours, expected);
    const settings = await h.call<{ workingHours: unknown }>('GET', '/v1.0/me/mailboxSettings', h.token(USERS.bob, ['MailboxSettings.Read']));
    assert.deepEqual(settings.body.workingHours, expected);
    const schedule = await h.call<{ value: Schedule[] }>('POST', '/v1.0/me/calendar/getSchedule', ann, {
      body: { schedules: [USERS.bob.mail], startTime: { dateTime: '2027-04-06T08:00:00', timeZone: 'UTC' }, endTime: { dateTime: '2027-04-06T09:00:00', timeZone: 'UTC' } },
    });
    assert.deepEqual(schedule.body.value[0]!.workingHours, expected);
    assert.deepEqual((await h.ctl<{ workingHours: unknown }>('PUT', `/control/calendar/${USERS.bob.id}/working-hours`, { endTime: '17:00' })).body.workingHours, { ...expected, endTime: '17:00:00.0000000' });
    for (const bad of [{ daysOfWeek: ['someday'] }, { startTime: '25:00' }, { startTime: '18:00', endTime: '09:00' }, { timeZone: 'Mars/Olympus' }]) {
      assert.equal((await h.ctl('PUT', `/control/calendar/${USERS.bob.id}/working-hours`, bad)).status, 400, JSON.stringify(bad));
    }
  });

  test('delayed join URLs per user: a Teams event answers onlineMeeting null and a later GET shows the joinUrl; other users are untouched', async () => {
    const set = await h.ctl('PUT', `/control/calendar/${USERS.cat.id}/online-meetings`, { delayedJoinUrlShare: 1, delayedJoinUrlMs: 40 });
    assert.deepEqual(set.body, { user: USERS.cat.id, delayedJoinUrlShare: 1, delayedJoinUrlMs: 40 });
    const teams = { isOnlineMeeting: true, onlineMeetingProvider: 'teamsForBusiness' };
    const cat = h.token(USERS.cat, SCOPES);
    const late = await post(h, cat, at('Booked: intro', '2027-05-03T09:00:00', '2027-05-03T09:30:00', teams));
    assert.deepEqual([late.isOnlineMeeting, late.onlineMeetingProvider, late.onlineMeeting], [true, 'teamsForBusiness', null]);
    const filled = await waitFor(async () => {
      const r = await h.call<EventJson>('GET', `/v1.0/me/events/${late.id}`, cat);
      return r.body.onlineMeeting?.joinUrl ? r.body : undefined;
    }, { message: 'the join URL arrives' });
    assert.match(filled.onlineMeeting!.joinUrl, /^https:\/\/teams\.microsoft\.com\/l\/meetup-join\//);
    assert.notEqual(filled.changeKey, late.changeKey);

    const annEvent = await post(h, ann, at('Not delayed', '2027-05-03T10:00:00', '2027-05-03T10:30:00', teams));
    assert.match(annEvent.onlineMeeting?.joinUrl ?? '', /^https:\/\/teams\.microsoft\.com\//, 'the sandbox-wide share (0) applies to others');

    await h.ctl('DELETE', `/control/calendar/${USERS.cat.id}/online-meetings`);
    const now = await post(h, cat, at('Immediate again', '2027-05-03T11:00:00', '2027-05-03T11:30:00', teams));
    assert.ok(now.onlineMeeting?.joinUrl);
    assert.equal((await h.ctl('PUT', `/control/calendar/${USERS.cat.id}/online-meetings`, { delayedJoinUrlShare: 2 })).status, 400);
  });

  test('events carry iCalUId; a second POST with the same transactionId returns the first event and creates nothing', async () => {
    const bob = h.token(USERS.bob, SCOPES);
    const body = at('Booking #42', '2027-06-01T09:00:00', '2027-06-01T09:30:00', { transactionId: 'booking-42' });
    const first = await post(h, bob, body);
    assert.match(first.iCalUId, /^040000008200E00074C5B7101A82E008/);
    const count = await storedEvents(USERS.bob);
    const retry = await post(h, bob, { ...body, subject: 'Booking #42 (retry)' });
    assert.deepEqual([retry.id, retry.iCalUId, retry.subject, retry.transactionId], [first.id, first.iCalUId, 'Booking #42', 'booking-42']);
    assert.equal(await storedEvents(USERS.bob), count, 'no duplicate');
    const view = await h.call<Page>('GET', '/v1.0/me/calendarView?startDateTime=2027-06-01T00:00:00Z&endDateTime=2027-06-02T00:00:00Z', bob);
    assert.equal(view.body.value.filter((e) => e.subject.startsWith('Booking #42')).length, 1);
    const other = await post(h, h.token(USERS.cat, SCOPES), body);
    assert.notEqual(other.id, first.id, 'transactionIds are per mailbox');
  });
});
