import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { freeSlots, type SlotQuery } from '../../src/crm/scheduling/slots.js';

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();
const page = { slotInterval: 30, timeZone: 'Europe/Berlin', bufferBefore: 0, bufferAfter: 0, minNotice: 0, daysAhead: 60, dailyCap: null };
const base = (over: Partial<SlotQuery> = {}): SlotQuery => ({
  page, weekly: { mon: [['09:00', '11:00']], tue: [['09:00', '11:00']], wed: [['09:00', '11:00']], thu: [['09:00', '11:00']], fri: [['09:00', '11:00']] },
  duration: 30, busy: [], booked: [], now: at('2026-03-01T00:00:00Z'), from: at('2026-03-02T00:00:00Z'), to: at('2026-03-03T00:00:00Z'), ...over,
});

describe('free slots', () => {
  test('wall-clock hours in the page zone: Monday 9–11 Berlin in winter is 08:00–10:00 UTC, every 30 minutes', () => {
    assert.deepEqual(freeSlots(base()).map(iso), ['2026-03-02T08:00:00.000Z', '2026-03-02T08:30:00.000Z', '2026-03-02T09:00:00.000Z', '2026-03-02T09:30:00.000Z']);
  });

  test('across the DST change the hours follow the owner’s clock: 9:00 Berlin is 08:00 UTC before, 07:00 UTC after', () => {
    const q = base({ from: at('2026-03-27T00:00:00Z'), to: at('2026-03-31T00:00:00Z') });
    const byDay = new Map<string, string>();
    for (const s of freeSlots(q).map(iso)) if (!byDay.has(s.slice(0, 10))) byDay.set(s.slice(0, 10), s);
    const firsts = [...byDay.values()];
    assert.deepEqual(firsts, ['2026-03-27T08:00:00.000Z', '2026-03-30T07:00:00.000Z']);
  });

  test('busy times and bookings with their buffers remove overlapping starts', () => {
    const busy = [{ start: at('2026-03-02T08:30:00Z'), end: at('2026-03-02T09:00:00Z') }];
    assert.deepEqual(freeSlots(base({ busy })).map(iso), ['2026-03-02T08:00:00.000Z', '2026-03-02T09:00:00.000Z', '2026-03-02T09:30:00.000Z']);
    const booked = [{ start: at('2026-03-02T08:30:00Z'), end: at('2026-03-02T09:00:00Z') }];
    const buffered = freeSlots(base({ booked, page: { ...page, bufferBefore: 15, bufferAfter: 15 } })).map(iso);
    assert.deepEqual(buffered, ['2026-03-02T09:30:00.000Z'], 'a 15-minute buffer on both sides of the booking and of each new meeting');
  });

  test('minimum notice, days ahead and the daily cap', () => {
    const now = at('2026-03-02T08:10:00Z');
    assert.deepEqual(freeSlots(base({ now, page: { ...page, minNotice: 60 } })).map(iso), ['2026-03-02T09:30:00.000Z']);
    assert.deepEqual(freeSlots(base({ page: { ...page, daysAhead: 1 } })), [], 'Monday is more than a day after Sunday 00:00');
    const booked = [{ start: at('2026-03-02T10:00:00Z'), end: at('2026-03-02T10:30:00Z') }];
    assert.deepEqual(freeSlots(base({ booked, page: { ...page, dailyCap: 1 } })), [], 'the day already has its one booking');
  });

  test('a meeting must fit before the end of the hours', () => {
    assert.deepEqual(freeSlots(base({ duration: 90 })).map(iso), ['2026-03-02T08:00:00.000Z', '2026-03-02T08:30:00.000Z']);
  });
});
