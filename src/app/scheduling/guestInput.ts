import { DomainError, invalid } from '../../crm/errors.js';
import { instant, isIanaZone } from '../../crm/meetingInput.js';
import type { SchedulingPage } from '../../crm/scheduling/page.js';

export interface GuestInput {
  start: string;
  duration?: number;
  name: string;
  email: string;
  timeZone: string;
  answers?: Record<string, string>;
}

export interface CheckedGuest {
  start: number;
  duration: number;
  name: string;
  email: string;
  timeZone: string;
  answers: Record<string, string>;
}

// Deliberately plain: one @, a dot in the domain, no spaces. Anything stricter refuses real addresses.
const EMAIL = /^[^\s@]{1,64}@[^\s@]+\.[^\s@]{2,}$/;

/** Every field a guest sends, checked with a message that says what to fix. */
export function checkGuest(page: SchedulingPage, g: GuestInput, now = Date.now()): CheckedGuest {
  const name = g.name.trim();
  if (!name || name.length > 200) throw invalid('name', 'must be 1 to 200 characters');
  const email = g.email.trim().toLowerCase();
  if (email.length > 254 || !EMAIL.test(email)) throw invalid('email', `"${g.email}" is not an email address`);
  if (!isIanaZone(g.timeZone)) throw invalid('timeZone', `"${g.timeZone}" is not an IANA time zone (e.g. Europe/Berlin)`);
  const duration = g.duration ?? page.durations[0]!;
  if (!page.durations.includes(duration)) throw invalid('duration', `must be one of ${page.durations.join(', ')} minutes`);
  const start = Date.parse(instant('start', g.start));
  if (start <= now) throw invalid('start', 'is in the past: pick a time from the list');
  const answers: Record<string, string> = {};
  const known = new Set(page.questions.map((q) => q.id));
  for (const [id, value] of Object.entries(g.answers ?? {})) {
    if (!known.has(id)) throw invalid(`answers.${id}`, 'is not a question of this page');
    if (typeof value !== 'string' || value.length > 2_000) throw invalid(`answers.${id}`, 'must be text of at most 2,000 characters');
    if (value.trim()) answers[id] = value.trim();
  }
  for (const q of page.questions) if (q.required && !answers[q.id]) throw invalid(`answers.${q.id}`, `is required ("${q.label}")`);
  return { start, duration, name, email, timeZone: g.timeZone, answers };
}

/** The one answer for a missing, disabled or unknown page: nothing says whether a slug exists. */
export const pageUnavailable = () => new DomainError('not_found', 'This booking page is not available. Check the link with the person who sent it.');
