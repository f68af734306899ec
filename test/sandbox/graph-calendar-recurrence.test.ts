import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { CAL, at, post, type EventJson, type Page } from './calendarHarness.js';
import { USERS, startGraphHarness, type GraphHarness } from './graphHarness.js';

const dates = (p: Page) => p.value.map((e) => e.start.dateTime.slice(0, 10));

describe('sandbox Graph calendar: recurrence', () => {
  let h: GraphHarness;
  let ann: string;
  const series = (subject: string, start: string, recurrence: unknown) => post(h, ann, at(subject, `${start}T10:00:00`, `${start}T10:30:00`, { recurrence }));
  const instances = async (id: string, from: string, to: string) =>
    (await h.call<Page>('GET', `/v1.0/me/events/${id}/instances?startDateTime=${from}T00:00:00Z&endDateTime=${to}T00:00:00Z&$top=1000`, ann)).body;
  before(async () => {
    h = await startGraphHarness();
    ann = h.token(USERS.ann, CAL);
  });
  after(() => h.close());

  test('daily, every 2 days, numbered range', async () => {
    const s = await series('Daily', '2026-12-01', { pattern: { type: 'daily', interval: 2 }, range: { type: 'numbered', startDate: '2026-12-01', numberOfOccurrences: 4 } });
    assert.equal(s.type, 'seriesMaster');
    assert.deepEqual(dates(await instances(s.id, '2026-11-01', '2027-02-01')), ['2026-12-01', '2026-12-03', '2026-12-05', '2026-12-07']);
  });

  test('weekly: daysOfWeek, interval 2, firstDayOfWeek monday, endDate range (inclusive)', async () => {
    const s = await series('Weekly', '2026-11-30', { pattern: { type: 'weekly', interval: 2, daysOfWeek: ['monday', 'friday'], firstDayOfWeek: 'monday' }, range: { type: 'endDate', startDate: '2026-11-30', endDate: '2026-12-28' } });
    assert.deepEqual(dates(await instances(s.id, '2026-11-01', '2027-02-01')), ['2026-11-30', '2026-12-04', '2026-12-14', '2026-12-18', '2026-12-28']);
    assert.equal((s.recurrence as { pattern: { firstDayOfWeek: string } }).pattern.firstDayOfWeek, 'monday');
  });

  test('absoluteMonthly (the 31st falls on the last day of shorter months) and relativeMonthly (last friday)', async () => {
    const abs = await series('Abs', '2027-01-31', { pattern: { type: 'absoluteMonthly', interval: 1, dayOfMonth: 31 }, range: { type: 'numbered', startDate: '2027-01-31', numberOfOccurrences: 3 } });
    assert.deepEqual(dates(await instances(abs.id, '2027-01-01', '2027-06-01')), ['2027-01-31', '2027-02-28', '2027-03-31']);
    const rel = await series('Rel', '2026-12-25', { pattern: { type: 'relativeMonthly', interval: 1, daysOfWeek: ['friday'], index: 'last' }, range: { type: 'noEnd', startDate: '2026-12-01' } });
    assert.deepEqual(dates(await instances(rel.id, '2026-12-01', '2027-03-01')), ['2026-12-25', '2027-01-29', '2027-02-26']);
    const first = await series('Rel1', '2026-12-01', { pattern: { type: 'relativeMonthly', interval: 2, daysOfWeek: ['monday'], index: 'first' }, range: { type: 'noEnd', startDate: '2026-12-01' } });
    assert.deepEqual(dates(await instances(first.id, '2026-12-01', '2027-05-01')), ['2026-12-07', '2027-02-01', '2027-04-05']);
  });

  test('absoluteYearly and relativeYearly', async () => {
    const abs = await series('Birthday', '2026-12-09', { pattern: { type: 'absoluteYearly', interval: 1, month: 12, dayOfMonth: 9 }, range: { type: 'noEnd', startDate: '2026-12-09' } });
    assert.deepEqual(dates(await instances(abs.id, '2026-01-01', '2029-01-01')), ['2026-12-09', '2027-12-09', '2028-12-09']);
    const rel = await series('Thanksgiving', '2026-11-26', { pattern: { type: 'relativeYearly', interval: 1, month: 11, daysOfWeek: ['thursday'], index: 'fourth' }, range: { type: 'numbered', startDate: '2026-11-01', numberOfOccurrences: 2 } });
    assert.deepEqual(dates(await instances(rel.id, '2026-01-01', '2030-01-01')), ['2026-11-26', '2027-11-25']);
  });

  test('an invalid pattern answers 400', async () => {
    const r = await h.call('POST', '/v1.0/me/events', ann, { body: at('Bad', '2026-12-01T10:00:00', '2026-12-01T11:00:00', { recurrence: { pattern: { type: 'weekly', interval: 1 }, range: { type: 'noEnd', startDate: '2026-12-01' } } }) });
    assert.equal(r.status, 400);
  });

  test('occurrences: type, seriesMasterId, stable opaque ids, an iCalUId per occurrence; GET by occurrence id', async () => {
    const s = await series('Occ', '2026-12-01', { pattern: { type: 'daily', interval: 1 }, range: { type: 'numbered', startDate: '2026-12-01', numberOfOccurrences: 5 } });
    const a = (await instances(s.id, '2026-12-01', '2026-12-10')).value;
    const b = (await instances(s.id, '2026-12-01', '2026-12-10')).value;
    assert.deepEqual(a.map((e) => e.id), b.map((e) => e.id));
    assert.ok(a.every((e) => e.type === 'occurrence' && e.seriesMasterId === s.id && e.id !== s.id));
    assert.equal(new Set(a.map((e) => e.iCalUId)).size, 5);
    assert.ok(!a.some((e) => e.iCalUId === s.iCalUId));
    assert.ok(a.every((e) => !e.id.includes('2026')), 'ids do not spell the date');
    const one = await h.call<EventJson>('GET', `/v1.0/me/events/${a[2]!.id}`, ann);
    assert.equal(one.body.start.dateTime, '2026-12-03T10:00:00.0000000');
    assert.equal(one.body.originalStart, '2026-12-03T10:00:00Z');
  });

  test('an edited occurrence becomes an exception (same id); a deleted one leaves the expansion', async () => {
    const s = await series('Exc', '2026-12-01', { pattern: { type: 'daily', interval: 1 }, range: { type: 'numbered', startDate: '2026-12-01', numberOfOccurrences: 4 } });
    const occ = (await instances(s.id, '2026-12-01', '2026-12-10')).value;
    const moved = await h.call<EventJson>('PATCH', `/v1.0/me/events/${occ[1]!.id}`, ann, { body: { start: { dateTime: '2026-12-02T15:00:00', timeZone: 'UTC' }, end: { dateTime: '2026-12-02T16:00:00', timeZone: 'UTC' }, subject: 'Moved' } });
    assert.equal(moved.status, 200);
    assert.equal(moved.body.type, 'exception');
    assert.equal(moved.body.id, occ[1]!.id);
    assert.equal(moved.body.seriesMasterId, s.id);
    assert.equal((await h.call('DELETE', `/v1.0/me/events/${occ[2]!.id}`, ann)).status, 204);
    const after2 = (await instances(s.id, '2026-12-01', '2026-12-10')).value;
    assert.deepEqual(after2.map((e) => [e.type, e.start.dateTime.slice(0, 16)]), [
      ['occurrence', '2026-12-01T10:00'], ['exception', '2026-12-02T15:00'], ['occurrence', '2026-12-04T10:00'],
    ]);
    assert.equal((await h.call('GET', `/v1.0/me/events/${occ[2]!.id}`, ann)).status, 404);
    const view = await h.call<Page>('GET', '/v1.0/me/calendarView?startDateTime=2026-12-02T00:00:00Z&endDateTime=2026-12-03T00:00:00Z', ann);
    assert.deepEqual(view.body.value.filter((e) => e.seriesMasterId === s.id).map((e) => e.subject), ['Moved']);
  });

  test('expansion is capped at 1,000 instances per series per window', async () => {
    const s = await post(h, ann, at('Every 5 min', '2026-01-01T00:00:00', '2026-01-01T00:01:00', { recurrence: { pattern: { type: 'daily', interval: 1 }, range: { type: 'noEnd', startDate: '2026-01-01' } } }));
    let seen = 0;
    let next: string | undefined = `/v1.0/me/events/${s.id}/instances?startDateTime=2026-01-01T00:00:00Z&endDateTime=2031-01-01T00:00:00Z&$top=1000`;
    while (next) {
      const p: Page = (await h.call<Page>('GET', next, ann)).body;
      seen += p.value.length;
      next = p['@odata.nextLink'];
    }
    assert.equal(seen, 1000);
  });
});
