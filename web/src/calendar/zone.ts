/**
 * Time-zone arithmetic through Intl only: wall-clock parts of an instant in a zone, and the
 * instant of a wall-clock time in a zone. No offset is ever added by hand, so daylight-saving
 * changes come out right. Calendar days are "YYYY-MM-DD" keys, counted without any zone.
 */

export interface Wall {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

const partsFormats = new Map<string, Intl.DateTimeFormat>();

function partsFormat(timeZone: string): Intl.DateTimeFormat {
  let f = partsFormats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric' });
    partsFormats.set(timeZone, f);
  }
  return f;
}

/** Whether Intl knows the zone (a mailbox may report a Windows name Intl cannot read). */
export function isKnownZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

export function browserZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** The wall clock in `timeZone` at `instant`. */
export function wallAt(instant: Date, timeZone: string): Wall {
  const get = (parts: Intl.DateTimeFormatPart[], type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const parts = partsFormat(timeZone).formatToParts(instant);
  return { year: get(parts, 'year'), month: get(parts, 'month'), day: get(parts, 'day'), hour: get(parts, 'hour') % 24, minute: get(parts, 'minute') };
}

function wallAsUtc(w: Wall): number {
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute);
}

/**
 * The instant when the wall clock in `timeZone` shows `wall`. A time skipped by a spring-forward
 * change lands just after the gap; a time repeated in autumn takes its first occurrence.
 */
export function instantOf(wall: Wall, timeZone: string): Date {
  const target = wallAsUtc(wall);
  const offsetAt = (ms: number) => wallAsUtc(wallAt(new Date(ms), timeZone)) - Math.floor(ms / 60_000) * 60_000;
  const day = 86_400_000;
  const before = target - offsetAt(target - day);
  const after = target - offsetAt(target + day);
  const valid = [before, after].filter((t) => wallAsUtc(wallAt(new Date(t), timeZone)) === target);
  // Both valid: an autumn repeat (take the first); none: a spring gap (the old offset lands after it).
  return new Date(valid.length ? Math.min(...valid) : before);
}

// ---- calendar days ("YYYY-MM-DD"), zone-free ----

const pad = (n: number) => String(n).padStart(2, '0');

export function dayKey(year: number, month: number, day: number): string {
  return `${year}-${pad(month)}-${pad(day)}`;
}

export function parseDay(key: string): { year: number; month: number; day: number } {
  const [year = 1970, month = 1, day = 1] = key.split('-').map(Number);
  return { year, month, day };
}

export function isDayKey(value: string | null): value is string {
  return !!value && /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`));
}

export function addDays(key: string, days: number): string {
  const { year, month, day } = parseDay(key);
  const d = new Date(Date.UTC(year, month - 1, day + days));
  return dayKey(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

/** Monday of the key's week. */
export function weekStart(key: string): string {
  const { year, month, day } = parseDay(key);
  const weekday = new Date(Date.UTC(year, month - 1, day)).getUTCDay(); // 0 = Sunday
  return addDays(key, -((weekday + 6) % 7));
}

export function dayOf(instant: Date, timeZone: string): string {
  const w = wallAt(instant, timeZone);
  return dayKey(w.year, w.month, w.day);
}

export function todayIn(timeZone: string): string {
  return dayOf(new Date(), timeZone);
}

/** Midnight at the start of the day in the zone (the first instant of that day). */
export function dayStart(key: string, timeZone: string): Date {
  return instantOf({ ...parseDay(key), hour: 0, minute: 0 }, timeZone);
}
