import type { SandboxContext } from '../../core/context.js';
import { TOPICS } from '../mail/corpus.js';
import { newChangeKey, newEventId, newICalUId } from './ids.js';
import { span } from './input.js';
import { normalizeRecurrence } from './recurrence.js';
import type { NewEventRow } from './schema.js';
import { ensureCalendar, stmts } from './store.js';
import { createEvent } from './write.js';

const DAY = 86_400_000;
const HOUR = 3_600_000;

function rng(seed: number) {
  let s = seed >>> 0 || 1;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

const SERIES: Array<(startDate: string, r: () => number) => unknown> = [
  (d) => ({ pattern: { type: 'weekly', interval: 1, daysOfWeek: ['monday', 'wednesday', 'friday'] }, range: { type: 'noEnd', startDate: d } }),
  (d) => ({ pattern: { type: 'daily', interval: 1 }, range: { type: 'numbered', startDate: d, numberOfOccurrences: 30 } }),
  (d) => ({ pattern: { type: 'weekly', interval: 2, daysOfWeek: ['tuesday'] }, range: { type: 'noEnd', startDate: d } }),
  (d) => ({ pattern: { type: 'relativeMonthly', interval: 1, daysOfWeek: ['thursday'], index: 'first' }, range: { type: 'noEnd', startDate: d } }),
  (d, r) => ({ pattern: { type: 'absoluteMonthly', interval: 1, dayOfMonth: 1 + Math.floor(r() * 28) }, range: { type: 'endDate', startDate: d, endDate: `${Number(d.slice(0, 4)) + 1}${d.slice(4)}` } }),
];

export interface GenerateOptions { events: number; series: number; daysBack: number; daysAhead: number; attendees: boolean }

/**
 * Fills a calendar with `events` events, `series` of them recurring, spread over working hours
 * between daysBack and daysAhead. One transaction of prepared inserts, announced to nobody (like
 * bulk mail): 10,000 events take well under a second. With `attendees`, a few meetings invite
 * colleagues through the regular path, so their copies and invitations exist too.
 */
export function generateCalendar(ctx: SandboxContext, userId: string, o: GenerateOptions): { events: number; series: number } {
  if (!Number.isInteger(o.events) || o.events < 0 || !Number.isInteger(o.series) || o.series < 0 || o.series > o.events) {
    throw Object.assign(new Error("'events' and 'series' must be integers with 0 <= series <= events"), { statusCode: 400 });
  }
  const cal = ensureCalendar(ctx, userId);
  const me = ctx.directory.userById(userId)!;
  const organizer = JSON.stringify({ emailAddress: { name: me.displayName, address: me.mail } });
  const random = rng(o.events * 7919 + o.series + userId.length);
  const now = ctx.now();
  const today = Math.floor(now / DAY) * DAY;
  const { insert } = stmts(ctx.db);
  ctx.db.transaction(() => {
    let seq = (ctx.db.prepare('SELECT seq FROM ge_owner WHERE user_id = ?').get(userId) as { seq: number }).seq;
    for (let i = 0; i < o.events; i++) {
      let day = today + Math.floor(-o.daysBack + random() * (o.daysBack + o.daysAhead)) * DAY;
      while ([0, 6].includes(new Date(day).getUTCDay())) day += DAY;
      const start = day + (8 + Math.floor(random() * 9)) * HOUR + (random() < 0.5 ? 0 : 30 * 60_000);
      const end = start + (random() < 0.7 ? 30 : 60) * 60_000;
      const recurring = i < o.series;
      const rec = recurring ? JSON.stringify(normalizeRecurrence(SERIES[i % SERIES.length]!(new Date(start).toISOString().slice(0, 10), random), 'UTC')) : null;
      const row: NewEventRow = {
        user_id: userId, calendar_id: cal.id, id: newEventId(), ical_uid: newICalUId(), type: recurring ? 'seriesMaster' : 'singleInstance',
        master_pk: null, original_start: null, start_ms: start, end_ms: end, start_tz: 'UTC', end_tz: 'UTC', ...span(rec, 'UTC', start, end),
        is_all_day: 0, subject: `${recurring ? 'Weekly ' : ''}${TOPICS[Math.floor(random() * TOPICS.length)]!}`, body_type: 'text', body: 'Agenda to follow.',
        location: JSON.stringify({ displayName: random() < 0.5 ? 'Conference Room 1' : '' }), attendees_json: '[]', organizer_json: organizer,
        is_organizer: 1, response: 'organizer', recurrence_json: rec, cancelled_json: '[]', show_as: random() < 0.1 ? 'tentative' : 'busy',
        sensitivity: 'normal', importance: 'normal', categories_json: '[]', is_reminder_on: 1, reminder_minutes: 15, is_online: 0,
        provider: 'unknown', online_json: null, is_cancelled: 0, transaction_id: null, change_key: newChangeKey(), created: now, modified: now,
        seq: ++seq, org_pk: null,
      };
      insert.run(row);
    }
    ctx.db.prepare('UPDATE ge_owner SET seq = ? WHERE user_id = ?').run(seq, userId);
  })();
  if (o.attendees) {
    const colleagues = ctx.directory.usersInTenant(me.tenantId).filter((u) => u.id !== userId).slice(0, 2);
    for (let k = 0; k < 3 && colleagues.length; k++) {
      const start = new Date(today + (k * 9 + 2) * DAY + 14 * HOUR).toISOString().slice(0, 19);
      const end = new Date(today + (k * 9 + 2) * DAY + 15 * HOUR).toISOString().slice(0, 19);
      createEvent(ctx, cal, {
        subject: ['Quarterly review', 'Customer kickoff', 'Pipeline sync'][k], body: { contentType: 'text', content: 'See you there.' },
        start: { dateTime: start, timeZone: 'UTC' }, end: { dateTime: end, timeZone: 'UTC' }, isOnlineMeeting: k !== 1,
        attendees: colleagues.map((c) => ({ type: 'required', emailAddress: { name: c.displayName, address: c.mail } })),
      });
    }
  }
  return { events: o.events, series: o.series };
}
