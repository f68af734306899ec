import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { CAL, at, post, type EventJson, type Page } from './calendarHarness.js';
import { USERS, startGraphHarness, type GraphHarness } from './graphHarness.js';

describe('sandbox Graph calendar: times, zones and daylight saving', () => {
  let h: GraphHarness;
  let ann: string;
  before(async () => {
    h = await startGraphHarness();
    ann = h.token(USERS.ann, CAL);
  });
  after(() => h.close());

  test('answers are UTC wall times without Z unless Prefer: outlook.timezone asks for a zone', async () => {
    const ev = await post(h, ann, { subject: 'Zoned', start: { dateTime: '2026-12-03T09:00:00', timeZone: 'Pacific Standard Time' }, end: { dateTime: '2026-12-03T10:00:00', timeZone: 'Pacific Standard Time' } });
    assert.deepEqual(ev.start, { dateTime: '2026-12-03T17:00:00.0000000', timeZone: 'UTC' });
    assert.equal(ev.originalStartTimeZone, 'Pacific Standard Time');
    const local = await h.call<EventJson>('GET', `/v1.0/me/events/${ev.id}`, ann, { headers: { Prefer: 'outlook.timezone="W. Europe Standard Time"' } });
    assert.deepEqual(local.body.start, { dateTime: '2026-12-03T18:00:00.0000000', timeZone: 'W. Europe Standard Time' });
    assert.equal(local.headers['preference-applied'], 'outlook.timezone="W. Europe Standard Time"');
    const iana = await h.call<EventJson>('GET', `/v1.0/me/events/${ev.id}`, ann, { headers: { Prefer: 'outlook.timezone="Asia/Tokyo"' } });
    assert.deepEqual(iana.body.end, { dateTime: '2026-12-04T03:00:00.0000000', timeZone: 'Asia/Tokyo' });
  });

  test('IANA zone names are accepted on input; an unknown zone answers 400 TimeZoneNotSupportedException', async () => {
    const ev = await post(h, ann, { subject: 'Berlin', start: { dateTime: '2026-07-01T09:00:00.0000000', timeZone: 'Europe/Berlin' }, end: { dateTime: '2026-07-01T09:30:00.0000000', timeZone: 'Europe/Berlin' } });
    assert.equal(ev.start.dateTime, '2026-07-01T07:00:00.0000000');
    const bad = await h.call<{ error: { code: string } }>('POST', '/v1.0/me/events', ann, { body: { subject: 'x', start: { dateTime: '2026-07-01T09:00:00', timeZone: 'Mars/Olympus' }, end: { dateTime: '2026-07-01T10:00:00', timeZone: 'Mars/Olympus' } } });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.code, 'TimeZoneNotSupportedException');
  });

  test('DST: a weekly 09:00 Pacific series stays at 09:00 local across the March change on 14 March (17:00 UTC, then 16:00 UTC)', async () => {
    const series = await post(h, ann, {
      subject: 'Standup PST', start: { dateTime: '2027-03-01T09:00:00', timeZone: 'Pacific Standard Time' }, end: { dateTime: '2027-03-01T09:15:00', timeZone: 'Pacific Standard Time' },
      recurrence: { pattern: { type: 'weekly', interval: 1, daysOfWeek: ['monday'], firstDayOfWeek: 'sunday' }, range: { type: 'numbered', startDate: '2027-03-01', numberOfOccurrences: 3 } },
    });
    const inst = await h.call<Page>('GET', `/v1.0/me/events/${series.id}/instances?startDateTime=2027-02-28T00:00:00Z&endDateTime=2027-04-01T00:00:00Z`, ann);
    assert.deepEqual(inst.body.value.map((e) => e.start.dateTime), ['2027-03-01T17:00:00.0000000', '2027-03-08T17:00:00.0000000', '2027-03-15T16:00:00.0000000']);
    const local = await h.call<Page>('GET', `/v1.0/me/events/${series.id}/instances?startDateTime=2027-02-28T00:00:00Z&endDateTime=2027-04-01T00:00:00Z`, ann, { headers: { Prefer: 'outlook.timezone="America/Los_Angeles"' } });
    assert.deepEqual(local.body.value.map((e) => e.start.dateTime.slice(11, 16)), ['09:00', '09:00', '09:00']);
  });

  test('DST: the autumn change in Europe, and a wall time inside the spring gap moves forward', async () => {
    const ev = await post(h, ann, { subject: 'After fall-back', start: { dateTime: '2026-10-26T09:00:00', timeZone: 'W. Europe Standard Time' }, end: { dateTime: '2026-10-26T10:00:00', timeZone: 'W. Europe Standard Time' } });
    assert.equal(ev.start.dateTime, '2026-10-26T08:00:00.0000000');
    const before = await post(h, ann, { subject: 'Before fall-back', start: { dateTime: '2026-10-23T09:00:00', timeZone: 'W. Europe Standard Time' }, end: { dateTime: '2026-10-23T10:00:00', timeZone: 'W. Europe Standard Time' } });
    assert.equal(before.start.dateTime, '2026-10-23T07:00:00.0000000');
    const gap = await post(h, ann, { subject: 'In the gap', start: { dateTime: '2027-03-14T02:30:00', timeZone: 'Eastern Standard Time' }, end: { dateTime: '2027-03-14T04:00:00', timeZone: 'Eastern Standard Time' } });
    assert.equal(gap.start.dateTime, '2027-03-14T07:30:00.0000000');
  });

  test('calendarView requires startDateTime and endDateTime', async () => {
    const none = await h.call<{ error: { code: string } }>('GET', '/v1.0/me/calendarView', ann);
    assert.equal(none.status, 400);
    assert.equal((await h.call('GET', '/v1.0/me/calendarView?startDateTime=2026-12-01T00:00:00Z', ann)).status, 400);
    assert.equal((await h.call('GET', '/v1.0/me/calendarView/delta?endDateTime=2026-12-01T00:00:00Z', ann)).status, 400);
    const cal = (await h.call<{ id: string }>('GET', '/v1.0/me/calendar', ann)).body.id;
    assert.equal((await h.call('GET', `/v1.0/me/calendars/${cal}/calendarView`, ann)).status, 400);
    const ok = await h.call<Page>('GET', `/v1.0/me/calendars/${cal}/calendarView?startDateTime=2026-12-03T00:00:00Z&endDateTime=2026-12-04T00:00:00Z`, ann);
    assert.deepEqual(ok.body.value.map((e) => e.subject), ['Zoned']);
  });

  test('an event touching the window edge: end == window start is outside, start inside is in', async () => {
    const bob = h.token(USERS.bob, CAL);
    await post(h, bob, at('Ends at edge', '2026-12-01T08:00:00', '2026-12-01T09:00:00'));
    await post(h, bob, at('Starts at edge', '2026-12-01T09:00:00', '2026-12-01T09:30:00'));
    const v = await h.call<Page>('GET', '/v1.0/me/calendarView?startDateTime=2026-12-01T09:00:00Z&endDateTime=2026-12-01T10:00:00Z', bob);
    assert.deepEqual(v.body.value.map((e) => e.subject), ['Starts at edge']);
  });
});
