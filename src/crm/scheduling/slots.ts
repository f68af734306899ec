import { wallToUtc, zonedParts } from '../../lib/zonedTime.js';
import { minutesOf, WEEKDAYS, type SchedulingPage, type WeeklyHours } from './page.js';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** A busy time as UTC epoch ms, [start, end). */
export interface Busy {
  start: number;
  end: number;
}

export interface SlotQuery {
  page: Pick<SchedulingPage, 'slotInterval' | 'timeZone' | 'bufferBefore' | 'bufferAfter' | 'minNotice' | 'daysAhead' | 'dailyCap'>;
  /** The hours offered: the page's own, or the mailbox's working hours as weekly ranges. */
  weekly: WeeklyHours;
  duration: number;
  /** Outlook free/busy and CRM meetings (no buffers), sorted or not. */
  busy: Busy[];
  /** Live bookings of the owner: busy, plus the page's buffers around them, and counted for the daily cap. */
  booked: Busy[];
  now: number;
  /** The range asked for, UTC ms; clipped to [now + notice, now + daysAhead]. */
  from: number;
  to: number;
}

/** 'YYYY-MM-DD' of an instant in a zone. */
export function localDate(at: number, zone: string): string {
  const p = zonedParts(at, zone);
  return `${p.y}-${String(p.mo).padStart(2, '0')}-${String(p.d).padStart(2, '0')}`;
}

const wall = (date: string, m: number) => `${date}T${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

function addDays(date: string, n: number): string {
  const t = Date.parse(`${date}T00:00:00Z`) + n * DAY;
  return new Date(t).toISOString().slice(0, 10);
}

/** Sorted, merged intervals: the overlap test below is then a binary search. */
function merge(intervals: Busy[]): Busy[] {
  const sorted = [...intervals].sort((a, b) => a.start - b.start);
  const out: Busy[] = [];
  for (const i of sorted) {
    const last = out[out.length - 1];
    if (last && i.start <= last.end) last.end = Math.max(last.end, i.end);
    else out.push({ ...i });
  }
  return out;
}

function overlaps(merged: Busy[], start: number, end: number): boolean {
  let lo = 0;
  let hi = merged.length;
  // The first interval that ends after `start`; it overlaps if it also begins before `end`.
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (merged[mid]!.end <= start) lo = mid + 1;
    else hi = mid;
  }
  return lo < merged.length && merged[lo]!.start < end;
}

/**
 * The free start times (UTC ms) of a page for one duration: every slotInterval within the weekly
 * hours (wall clock in the page's zone, so DST moves them with the owner's day), at least minNotice
 * ahead and at most daysAhead out, where the meeting plus the page's buffers overlaps no busy time
 * and no booking plus its buffers, on days below the daily cap.
 */
export function freeSlots(q: SlotQuery): number[] {
  const { page } = q;
  const earliest = Math.max(q.from, q.now + page.minNotice * MINUTE);
  const latest = Math.min(q.to, q.now + page.daysAhead * DAY);
  if (latest <= earliest) return [];
  const before = page.bufferBefore * MINUTE;
  const after = page.bufferAfter * MINUTE;
  const busy = merge([...q.busy, ...q.booked.map((b) => ({ start: b.start - before, end: b.end + after }))]);
  const perDay = new Map<string, number>();
  if (page.dailyCap !== null) for (const b of q.booked) perDay.set(localDate(b.start, page.timeZone), (perDay.get(localDate(b.start, page.timeZone)) ?? 0) + 1);

  const out: number[] = [];
  const last = localDate(latest, page.timeZone);
  for (let date = localDate(earliest - DAY, page.timeZone); date <= last; date = addDays(date, 1)) {
    if (page.dailyCap !== null && (perDay.get(date) ?? 0) >= page.dailyCap) continue;
    const weekday = WEEKDAYS[new Date(`${date}T12:00:00Z`).getUTCDay()]!;
    for (const [from, to] of q.weekly[weekday] ?? []) {
      const endOfRange = minutesOf(to);
      const first = minutesOf(from);
      // Converting each start costs two Intl lookups: a range the zone's offset does not change
      // within (all but the DST nights) is converted once and stepped through in UTC.
      const base = wallToUtc(wall(date, first), page.timeZone);
      const steady = wallToUtc(wall(date, Math.min(endOfRange, 1439)), page.timeZone) - base === (Math.min(endOfRange, 1439) - first) * MINUTE;
      for (let m = first; m + q.duration <= endOfRange; m += page.slotInterval) {
        const start = steady ? base + (m - first) * MINUTE : wallToUtc(wall(date, m), page.timeZone);
        if (start < earliest || start > latest) continue;
        const end = start + q.duration * MINUTE;
        if (!overlaps(busy, start - before, end + after)) out.push(start);
      }
    }
  }
  return out;
}
