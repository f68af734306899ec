/**
 * The web calendar's time arithmetic (web/src/calendar): wall clock ↔ instant through Intl across
 * daylight-saving changes, week starts, and where events sit in a day column.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { CalendarEvent } from '../../web/src/calendar/calendarApi.js';
import { allDayDays } from '../../web/src/calendar/format.js';
import { instantsOf, patchOf, type MeetingFields } from '../../web/src/calendar/meetingFields.js';
import { placeDay } from '../../web/src/calendar/weekLayout.js';
import { addDays, dayStart, instantOf, wallAt, weekStart } from '../../web/src/calendar/zone.js';

const event = (id: string, start: string, end: string, extra: Partial<CalendarEvent> = {}): CalendarEvent => ({
  id, activityId: null, subject: id, start, end, isAllDay: false, location: null, notes: null, organizer: null, attendees: [],
  isOnlineMeeting: false, joinUrl: null, type: 'singleInstance', seriesId: null, linkedToOutlook: true, source: 'crm', ...extra,
});

describe('web calendar time', () => {
  test('wall clock to instant across daylight saving (Berlin, New York, Santiago)', () => {
    assert.equal(instantOf({ year: 2026, month: 7, day: 1, hour: 9, minute: 0 }, 'Europe/Berlin').toISOString(), '2026-07-01T07:00:00.000Z');
    assert.equal(instantOf({ year: 2026, month: 12, day: 1, hour: 9, minute: 0 }, 'Europe/Berlin').toISOString(), '2026-12-01T08:00:00.000Z');
    // 02:30 does not exist on 29 March in Berlin: it lands after the gap; on 25 October it exists twice: the first.
    assert.equal(instantOf({ year: 2026, month: 3, day: 29, hour: 2, minute: 30 }, 'Europe/Berlin').toISOString(), '2026-03-29T01:30:00.000Z');
    assert.equal(instantOf({ year: 2026, month: 10, day: 25, hour: 2, minute: 30 }, 'Europe/Berlin').toISOString(), '2026-10-25T00:30:00.000Z');
    assert.equal(dayStart('2026-03-08', 'America/New_York').toISOString(), '2026-03-08T05:00:00.000Z');
    assert.equal(dayStart('2026-03-09', 'America/New_York').toISOString(), '2026-03-09T04:00:00.000Z');
    // Santiago skips midnight itself: the day starts at 01:00.
    assert.equal(dayStart('2026-09-06', 'America/Santiago').toISOString(), '2026-09-06T04:00:00.000Z');
    assert.deepEqual(wallAt(new Date('2026-12-03T00:00:00Z'), 'Asia/Kolkata'), { year: 2026, month: 12, day: 3, hour: 5, minute: 30 });
  });

  test('weeks start on Monday; day keys count without a zone', () => {
    assert.equal(weekStart('2026-12-03'), '2026-11-30');
    assert.equal(weekStart('2026-12-06'), '2026-11-30');
    assert.equal(weekStart('2026-12-07'), '2026-12-07');
    assert.equal(addDays('2026-12-31', 1), '2027-01-01');
  });

  test('a 10:00 meeting sits at 10:00 on the day clocks change, and overlaps go side by side', () => {
    const zone = 'Europe/Berlin';
    const placed = placeDay([event('a', '2026-10-25T09:00:00Z', '2026-10-25T10:00:00Z'), event('b', '2026-10-25T09:30:00Z', '2026-10-25T11:00:00Z')], '2026-10-25', zone);
    assert.deepEqual(placed.map((p) => [p.event.id, p.top, p.bottom, p.lane, p.lanes]), [['a', 600, 660, 0, 2], ['b', 630, 720, 1, 2]]);
    const overnight = event('n', '2026-10-29T21:30:00Z', '2026-10-29T23:30:00Z');
    assert.deepEqual(placeDay([overnight], '2026-10-29', zone).map((p) => [p.top, p.bottom]), [[1350, 1440]]);
    assert.deepEqual(placeDay([overnight], '2026-10-30', zone).map((p) => [p.top, p.bottom]), [[0, 30]]);
    assert.deepEqual(allDayDays(event('d', '2026-10-28T00:00:00Z', '2026-10-30T00:00:00Z', { isAllDay: true })), ['2026-10-28', '2026-10-29']);
  });

  test('the form: times in the zone become UTC; an edit sends only what changed', () => {
    const f: MeetingFields = { subject: 'Review', date: '2026-03-30', start: '10:00', end: '11:00', attendeeIds: ['p1'], location: '', notes: '', teams: false };
    assert.deepEqual(instantsOf(f, 'Europe/Berlin'), { start: '2026-03-30T08:00:00.000Z', end: '2026-03-30T09:00:00.000Z' });
    assert.throws(() => instantsOf({ ...f, end: '09:00' }, 'Europe/Berlin'), /must end after it starts/);
    assert.deepEqual(patchOf(f, { ...f, subject: 'Review 2' }, 'Europe/Berlin', true), { subject: 'Review 2' });
    assert.deepEqual(patchOf(f, { ...f, attendeeIds: ['p1'] }, 'Europe/Berlin', true), {}, 'same attendees: not sent');
    assert.deepEqual(patchOf(f, { ...f, start: '10:30' }, 'Europe/Berlin', true), { start: '2026-03-30T08:30:00.000Z', end: '2026-03-30T09:00:00.000Z', timeZone: 'Europe/Berlin' });
  });
});
