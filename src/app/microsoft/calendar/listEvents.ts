import { meetingsOfOwner } from '../../../crm/meetings.js';
import { accountOf, type Caller } from './access.js';
import type { CalendarDeps } from './deps.js';
import { invalid } from './errors.js';
import { meetingView, rowViews, type CalendarEventView } from './view.js';

const MAX_RANGE_DAYS = 400;

export function parseRange(start: string, end: string): { start: string; end: string } {
  const s = Date.parse(start);
  const e = Date.parse(end);
  if (Number.isNaN(s)) throw invalid(`start: "${start}" is not an ISO-8601 date-time`);
  if (Number.isNaN(e)) throw invalid(`end: "${end}" is not an ISO-8601 date-time`);
  if (e <= s) throw invalid('end must be after start');
  if (e - s > MAX_RANGE_DAYS * 86_400_000) throw invalid(`the range may span at most ${MAX_RANGE_DAYS} days; ask for a shorter one`);
  return { start: new Date(s).toISOString(), end: new Date(e).toISOString() };
}

/**
 * The caller's events overlapping [start, end): the synced copies in their Outlook calendar plus the
 * meetings they scheduled in the CRM that Outlook has no copy of (not yet sent, or disconnected).
 * Series masters and cancelled events are not meetings of their own and are left out.
 */
export async function listEvents(deps: CalendarDeps, caller: Caller, range: { start: string; end: string }): Promise<CalendarEventView[]> {
  const db = deps.integration.database.db;
  const { start, end } = parseRange(range.start, range.end);
  const account = await accountOf(deps.integration, caller);
  const rows = account
    ? await db.selectFrom('calendar_events').selectAll().where('account_id', '=', account.id).where('start_utc', '<', end).where('end_utc', '>', start)
      .where('type', '!=', 'seriesMaster').where('is_cancelled', '=', 0).orderBy('start_utc').execute()
    : [];
  const synced = await rowViews(db, caller.workspaceId, rows);
  const shown = new Set(rows.flatMap((r) => [r.id, r.activity_id ?? '']));
  const pending = (await meetingsOfOwner(db, caller.workspaceId, caller.userId, start, end)).filter((m) => !shown.has(m.id));
  const crm = await Promise.all(pending.map((m) => meetingView(db, m)));
  return [...synced, ...crm].sort((a, b) => a.start.localeCompare(b.start) || a.id.localeCompare(b.id));
}
