import { isIanaZone } from '../meetingInput.js';
import { invalid } from '../errors.js';

export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type Weekday = (typeof WEEKDAYS)[number];
/** Wall-clock ranges per weekday, "HH:MM" to "HH:MM" in the page's zone. */
export type WeeklyHours = Partial<Record<Weekday, Array<[string, string]>>>;

export type PageLocation = { kind: 'teams' } | { kind: 'inPerson'; address: string } | { kind: 'phone'; phone: string };

export interface Question {
  id: string;
  label: string;
  required: boolean;
}

/** A scheduling page as the owner configures it. Durations, buffers and notice are in minutes. */
export interface SchedulingPage {
  id: string;
  ownerUserId: string;
  slug: string;
  title: string;
  description: string;
  durations: number[];
  slotInterval: number;
  timeZone: string;
  /** mailbox: the Outlook working hours (MailboxSettings.Read); custom: `weekly`, set here. */
  availability: { source: 'mailbox' | 'custom'; weekly: WeeklyHours };
  bufferBefore: number;
  bufferAfter: number;
  minNotice: number;
  daysAhead: number;
  dailyCap: number | null;
  location: PageLocation;
  questions: Question[];
  enabled: boolean;
  createdAt: string;
  updatedAt: string;
}

export type PageInput = Partial<Omit<SchedulingPage, 'id' | 'ownerUserId' | 'createdAt' | 'updatedAt'>>;

export const DEFAULT_PAGE: Omit<SchedulingPage, 'id' | 'ownerUserId' | 'slug' | 'title' | 'createdAt' | 'updatedAt'> = {
  description: '',
  durations: [30],
  slotInterval: 30,
  timeZone: 'UTC',
  availability: { source: 'custom', weekly: { mon: [['09:00', '17:00']], tue: [['09:00', '17:00']], wed: [['09:00', '17:00']], thu: [['09:00', '17:00']], fri: [['09:00', '17:00']] } },
  bufferBefore: 0,
  bufferAfter: 0,
  minNotice: 240,
  daysAhead: 60,
  dailyCap: null,
  location: { kind: 'teams' },
  questions: [],
  enabled: true,
};

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;
export const minutesOf = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3));

function intIn(field: string, v: number, min: number, max: number): void {
  if (!Number.isInteger(v) || v < min || v > max) throw invalid(field, `must be a whole number from ${min} to ${max}; got ${v}`);
}

/** Validates a whole page (defaults already applied). Every message names the field to fix. */
export function checkPage(p: Omit<SchedulingPage, 'id' | 'ownerUserId' | 'createdAt' | 'updatedAt'>): void {
  if (!/^[a-z0-9](?:[a-z0-9-]{1,58}[a-z0-9])$/.test(p.slug)) {
    throw invalid('slug', 'must be 3 to 60 lowercase letters, digits or dashes, starting and ending with a letter or digit (e.g. "intro-call")');
  }
  if (!p.title.trim() || p.title.length > 200) throw invalid('title', 'must be 1 to 200 characters');
  if (p.description.length > 5_000) throw invalid('description', 'must be at most 5,000 characters');
  if (!p.durations.length || p.durations.length > 6) throw invalid('durations', 'must list 1 to 6 durations in minutes');
  for (const d of p.durations) intIn('durations', d, 5, 480);
  if (new Set(p.durations).size !== p.durations.length) throw invalid('durations', 'must not repeat a duration');
  intIn('slotInterval', p.slotInterval, 5, 240);
  if (!isIanaZone(p.timeZone)) throw invalid('timeZone', `"${p.timeZone}" is not an IANA time zone (e.g. Europe/Berlin)`);
  intIn('bufferBefore', p.bufferBefore, 0, 240);
  intIn('bufferAfter', p.bufferAfter, 0, 240);
  intIn('minNotice', p.minNotice, 0, 60 * 24 * 30);
  intIn('daysAhead', p.daysAhead, 1, 365);
  if (p.dailyCap !== null) intIn('dailyCap', p.dailyCap, 1, 100);
  checkWeekly(p.availability.weekly, p.availability.source === 'custom');
  checkLocation(p.location);
  if (p.questions.length > 10) throw invalid('questions', 'must be at most 10');
  const ids = new Set<string>();
  for (const q of p.questions) {
    if (!/^[a-z0-9_-]{1,40}$/i.test(q.id) || ids.has(q.id)) throw invalid('questions', `each needs a unique id of letters, digits, "-" or "_"; got "${q.id}"`);
    ids.add(q.id);
    if (!q.label.trim() || q.label.length > 300) throw invalid('questions', `"${q.id}" needs a label of 1 to 300 characters`);
  }
}

function checkWeekly(weekly: WeeklyHours, needsHours: boolean): void {
  let any = false;
  for (const [day, ranges] of Object.entries(weekly)) {
    if (!(WEEKDAYS as readonly string[]).includes(day)) throw invalid('availability.weekly', `"${day}" is not a weekday (use ${WEEKDAYS.join(', ')})`);
    for (const [from, to] of ranges ?? []) {
      if (!HHMM.test(from) || !HHMM.test(to)) throw invalid(`availability.weekly.${day}`, `times must be HH:MM (24-hour); got ${from}–${to}`);
      if (minutesOf(to) <= minutesOf(from)) throw invalid(`availability.weekly.${day}`, `${to} must be after ${from}`);
      any = true;
    }
  }
  if (needsHours && !any) throw invalid('availability.weekly', 'must give at least one range of hours on some day');
}

function checkLocation(l: PageLocation): void {
  if (l.kind === 'inPerson' && (!l.address?.trim() || l.address.length > 500)) throw invalid('location.address', 'must give the address (1 to 500 characters)');
  if (l.kind === 'phone' && !/^\+?[0-9 ()./-]{5,40}$/.test(l.phone ?? '')) throw invalid('location.phone', 'must be a phone number such as +1 555 0100');
  if (!['teams', 'inPerson', 'phone'].includes(l.kind)) throw invalid('location.kind', 'must be teams, inPerson or phone');
}
