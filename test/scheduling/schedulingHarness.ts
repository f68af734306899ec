/** Shared set-up for scheduling tests: a connected owner with calendar and mail, a page, and the guest's side. */
import type { MicrosoftTestEnv } from '../helpers/microsoft.js';
import type { TestSandbox } from '../helpers/sandbox.js';
import { calendarTenant, connectCalendar, type CalendarUser } from '../microsoft/calendarHelpers.js';

export interface GuestBooking {
  id: string; title: string; start: string; end: string; status: string; joinUrl: string | null; emailed: boolean;
  message: string | null; manageUrl: string | null; location: string; timeZone: string;
}

export const DAY = 86_400_000;

/** Today at 00:00 UTC plus `days`, at `hour` UTC. */
export const utcAt = (days: number, hour: number, minute = 0) => new Date(Math.floor(Date.now() / DAY) * DAY + days * DAY + hour * 3_600_000 + minute * 60_000).toISOString();

export async function connectOwner(env: MicrosoftTestEnv, sandbox: TestSandbox, features = ['calendar', 'mail', 'sendMail']): Promise<CalendarUser> {
  const [owner] = await calendarTenant(sandbox, ['olga']);
  return connectCalendar(env, sandbox, owner!, { features });
}

/** Every day 08:00–18:00 UTC, 30-minute meetings, no notice: any time tomorrow is bookable. */
export const openPageBody = (slug: string, extra: Record<string, unknown> = {}) => ({
  slug, title: 'Intro call', description: 'A first talk.', durations: [30, 60], slotInterval: 30, timeZone: 'UTC', minNotice: 0,
  availability: { source: 'custom', weekly: Object.fromEntries(['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'].map((d) => [d, [['08:00', '18:00']]])) },
  location: { kind: 'teams' }, questions: [{ id: 'topic', label: 'What would you like to talk about?', required: true }], ...extra,
});

export const guest = (start: string, extra: Record<string, unknown> = {}) => ({
  start, name: 'Gina Guest', email: 'gina@outside.example', timeZone: 'America/New_York', answers: { topic: 'Pricing' }, ...extra,
});

/** POSTs as an anonymous guest (no cookie, no token). */
export async function asGuest<T>(env: MicrosoftTestEnv, method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await fetch(`${env.url}${path}`, { method, headers: body ? { 'content-type': 'application/json' } : {}, body: body ? JSON.stringify(body) : undefined });
  return { status: res.status, body: (await res.json().catch(() => null)) as T };
}

export const tokenOf = (manageUrl: string) => manageUrl.split('/').pop()!;
