import { badRequest } from '../http/errors.js';
import { localToUtc } from './zones.js';

const DAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const INDEXES = ['first', 'second', 'third', 'fourth', 'last'];
const PATTERNS = ['daily', 'weekly', 'absoluteMonthly', 'relativeMonthly', 'absoluteYearly', 'relativeYearly'];
const DAY_MS = 86_400_000;
/** Most instances one series yields in one window (calendarView, its delta, instances). */
export const MAX_INSTANCES_PER_WINDOW = 1000;

export interface Recurrence {
  pattern: { type: string; interval: number; month: number; dayOfMonth: number; daysOfWeek: string[]; firstDayOfWeek: string; index: string };
  range: { type: string; startDate: string; endDate: string; recurrenceTimeZone: string; numberOfOccurrences: number };
}

const dayOf = (date: string): number => {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) throw badRequest(`Invalid date '${date}' in recurrence range.`, 'ErrorInvalidRequest');
  return Math.floor(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / DAY_MS);
};
export const dateOf = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);
const dow = (day: number) => (day + 4) % 7;

/** Validates a patternedRecurrence and fills in every property, as Graph echoes it back. */
export function normalizeRecurrence(raw: unknown, zoneName: string): Recurrence {
  const r = raw as { pattern?: Record<string, unknown>; range?: Record<string, unknown> } | null;
  if (!r || typeof r !== 'object' || !r.pattern || !r.range) throw badRequest("'recurrence' needs a pattern and a range.", 'ErrorInvalidRequest');
  const p = r.pattern;
  const type = String(p.type ?? '');
  if (!PATTERNS.includes(type)) throw badRequest(`Invalid recurrence pattern type '${type}'.`, 'ErrorInvalidRequest');
  const interval = Number(p.interval ?? 1);
  if (!Number.isInteger(interval) || interval < 1 || interval > 999) throw badRequest('The recurrence interval must be between 1 and 999.', 'ErrorInvalidRecurrence');
  const daysOfWeek = Array.isArray(p.daysOfWeek) ? p.daysOfWeek.map((d) => String(d).toLowerCase()) : [];
  if (daysOfWeek.some((d) => !DAYS.includes(d))) throw badRequest('Invalid daysOfWeek.', 'ErrorInvalidRequest');
  if (['weekly', 'relativeMonthly', 'relativeYearly'].includes(type) && !daysOfWeek.length) throw badRequest(`A ${type} pattern needs daysOfWeek.`, 'ErrorInvalidRecurrence');
  const dayOfMonth = Number(p.dayOfMonth ?? 0);
  if (type.startsWith('absolute') && !(dayOfMonth >= 1 && dayOfMonth <= 31)) throw badRequest(`A ${type} pattern needs dayOfMonth 1-31.`, 'ErrorInvalidRecurrence');
  const month = Number(p.month ?? 0);
  if (type.endsWith('Yearly') && !(month >= 1 && month <= 12)) throw badRequest(`A ${type} pattern needs month 1-12.`, 'ErrorInvalidRecurrence');
  const index = String(p.index ?? 'first');
  if (!INDEXES.includes(index)) throw badRequest(`Invalid index '${index}'.`, 'ErrorInvalidRequest');
  const firstDayOfWeek = String(p.firstDayOfWeek ?? 'sunday').toLowerCase();
  if (!DAYS.includes(firstDayOfWeek)) throw badRequest('Invalid firstDayOfWeek.', 'ErrorInvalidRequest');

  const g = r.range;
  const rangeType = String(g.type ?? '');
  if (!['endDate', 'noEnd', 'numbered'].includes(rangeType)) throw badRequest(`Invalid recurrence range type '${rangeType}'.`, 'ErrorInvalidRequest');
  const startDate = String(g.startDate ?? '');
  dayOf(startDate);
  const endDate = rangeType === 'endDate' ? String(g.endDate ?? '') : '0001-01-01';
  if (rangeType === 'endDate' && dayOf(endDate) < dayOf(startDate)) throw badRequest('The recurrence end date is before its start date.', 'ErrorInvalidRecurrence');
  const count = rangeType === 'numbered' ? Number(g.numberOfOccurrences) : 0;
  if (rangeType === 'numbered' && !(Number.isInteger(count) && count >= 1 && count <= 999)) throw badRequest('numberOfOccurrences must be between 1 and 999.', 'ErrorInvalidRecurrence');
  return {
    pattern: { type, interval, month: type.endsWith('Yearly') ? month : 0, dayOfMonth: type.startsWith('absolute') ? dayOfMonth : 0, daysOfWeek, firstDayOfWeek, index },
    range: { type: rangeType, startDate, endDate, recurrenceTimeZone: typeof g.recurrenceTimeZone === 'string' && g.recurrenceTimeZone ? g.recurrenceTimeZone : zoneName, numberOfOccurrences: count },
  };
}

const daysInMonth = (y: number, m: number) => new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
const monthDay = (y: number, m: number, d: number) => Math.floor(Date.UTC(y, m, d) / DAY_MS);

function relativeDay(y: number, m: number, days: string[], index: string): number {
  const matching: number[] = [];
  for (let d = 1; d <= daysInMonth(y, m); d++) if (days.includes(DAYS[dow(monthDay(y, m, d))]!)) matching.push(monthDay(y, m, d));
  return index === 'last' ? matching[matching.length - 1]! : matching[INDEXES.indexOf(index)] ?? matching[matching.length - 1]!;
}

/** The local dates (days since 1970-01-01) a pattern yields from the range start on, in order. */
function* patternDays(rec: Recurrence): Generator<number> {
  const { pattern: p, range } = rec;
  const start = dayOf(range.startDate);
  const s = new Date(start * DAY_MS);
  const [y0, m0] = [s.getUTCFullYear(), s.getUTCMonth()];
  for (let k = 0; k < 40_000; k++) {
    if (p.type === 'daily') yield start + k * p.interval;
    else if (p.type === 'weekly') {
      const weekStart = start - ((dow(start) - DAYS.indexOf(p.firstDayOfWeek) + 7) % 7) + k * 7 * p.interval;
      const offsets = p.daysOfWeek.map((d) => (DAYS.indexOf(d) - DAYS.indexOf(p.firstDayOfWeek) + 7) % 7).sort((a, b) => a - b);
      for (const o of offsets) if (weekStart + o >= start) yield weekStart + o;
    } else {
      const monthly = p.type.endsWith('Monthly');
      const total = monthly ? m0 + k * p.interval : 0;
      const y = monthly ? y0 + Math.floor(total / 12) : y0 + k * p.interval;
      const m = monthly ? total % 12 : p.month - 1;
      if (y > 9000) return;
      const d = p.type.startsWith('absolute')
        ? monthDay(y, m, Math.min(p.dayOfMonth, daysInMonth(y, m)))
        : relativeDay(y, m, p.daysOfWeek, p.index);
      if (d >= start) yield d;
    }
  }
}

export interface Occurrence { start: number; end: number; ordinal: number }

/**
 * Occurrences of a series overlapping [from, to), computed in the series' zone so that a 09:00
 * meeting stays at 09:00 local across daylight-saving changes. `timeOfDay` is ms after local
 * midnight; at most `cap` are returned.
 */
export function expand(rec: Recurrence, zone: string, timeOfDay: number, durationMs: number, from: number, to: number, cap = MAX_INSTANCES_PER_WINDOW): Occurrence[] {
  const out: Occurrence[] = [];
  const last = rec.range.type === 'endDate' ? dayOf(rec.range.endDate) : Infinity;
  const count = rec.range.type === 'numbered' ? rec.range.numberOfOccurrences : Infinity;
  const firstDay = Math.floor((from - durationMs) / DAY_MS) - 2;
  const lastDay = Math.floor(to / DAY_MS) + 2;
  let ordinal = 0;
  for (const day of patternDays(rec)) {
    if (day > last || ordinal >= count || day > lastDay) break;
    ordinal += 1;
    if (day < firstDay) continue;
    const start = localToUtc(zone, day * DAY_MS + timeOfDay);
    const end = start + durationMs;
    if (start < to && (end > from || (durationMs === 0 && start >= from))) {
      out.push({ start, end, ordinal });
      if (out.length >= cap) break;
    }
  }
  return out;
}

/** First start and last end of a series, for the window index; noEnd series end at the year 9999. */
export function seriesSpan(rec: Recurrence, zone: string, timeOfDay: number, durationMs: number): { first: number; last: number } {
  const numbered = rec.range.type === 'numbered';
  const all = expand(rec, zone, timeOfDay, durationMs, -8.64e15, 8.64e15, numbered ? 1000 : 1);
  const first = all[0]?.start ?? localToUtc(zone, dayOf(rec.range.startDate) * DAY_MS + timeOfDay);
  if (rec.range.type === 'noEnd') return { first, last: 253_402_300_799_000 };
  if (numbered) return { first, last: all[all.length - 1]?.end ?? first + durationMs };
  // endDate: an upper bound is enough for the window index (the last local day plus a day).
  return { first, last: (dayOf(rec.range.endDate) + 2) * DAY_MS + timeOfDay + durationMs };
}
