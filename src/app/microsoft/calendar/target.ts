import type { MicrosoftAccount } from '../../../microsoft/accounts/accounts.js';
import { findMeeting, type Meeting } from '../../../crm/meetings.js';
import type { CalendarEventsTable } from '../../../db/tables/calendar.js';
import { links } from '../../../microsoft/sync/links.js';
import type { Trx } from '../../../microsoft/sync/contract.js';
import { accountOf, type Caller } from './access.js';
import type { CalendarDeps } from './deps.js';
import { invalid, notFound } from './errors.js';

/** What an event id names for this caller: a meeting they scheduled in the CRM, or their synced copy of an Outlook event. */
export type EventTarget =
  | { kind: 'meeting'; meeting: Meeting; account: MicrosoftAccount | undefined }
  | { kind: 'row'; row: CalendarEventsTable; account: MicrosoftAccount };

/** Another user's event, or an id nobody has, is 404 alike: existence is not revealed. */
export async function findTarget(deps: CalendarDeps, caller: Caller, id: string): Promise<EventTarget> {
  const db = deps.integration.database.db;
  const account = await accountOf(deps.integration, caller);
  const own = async (activityId: string) => {
    const m = await findMeeting(db, caller.workspaceId, activityId);
    return m && m.ownerUserId === caller.userId ? m : undefined;
  };
  const meeting = await own(id);
  if (meeting) return { kind: 'meeting', meeting, account };
  if (!account) throw notFound();
  const row = await db.selectFrom('calendar_events').selectAll().where('account_id', '=', account.id).where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound();
  const crm = row.activity_id ? await own(row.activity_id) : undefined;
  if (crm) return { kind: 'meeting', meeting: crm, account };
  return { kind: 'row', row, account };
}

export type Scope = 'occurrence' | 'series';

/** The series master to write to when the edit is for the whole series; refuses a series member without a scope. */
export function seriesTarget(row: CalendarEventsTable, scope: Scope | undefined): string | undefined {
  const inSeries = row.type === 'occurrence' || row.type === 'exception';
  if (!inSeries) return undefined;
  if (!scope) throw invalid("scope: this event is part of a series; say 'occurrence' (this one) or 'series' (every occurrence)");
  if (scope === 'series') {
    if (!row.series_master_graph_id) throw invalid('scope: Outlook did not say which series this occurrence belongs to; edit this occurrence only');
    return row.series_master_graph_id;
  }
  return undefined;
}

/** True when the meeting is in Outlook or on its way there: its edits and cancellation must follow. */
export async function inOutlook(trx: Trx, accountId: string, meetingId: string): Promise<boolean> {
  if (await links.byRecord(trx, accountId, 'calendar', 'meeting', meetingId)) return true;
  const pending = await trx.selectFrom('microsoft_outbox').select('id').where('account_id', '=', accountId).where('resource', '=', 'calendar')
    .where('record_id', '=', meetingId).where('state', '=', 'pending').limit(1).executeTakeFirst();
  return !!pending;
}

/** Makes sure the write-back knows which Outlook item a synced row is (the changeKey Tandem last saw). */
export async function linkRow(trx: Trx, row: CalendarEventsTable): Promise<void> {
  const existing = (await links.byGraphIds(trx, row.account_id, 'calendar', [row.graph_id]))[0];
  await links.upsert(trx, { account_id: row.account_id, resource: 'calendar', graph_id: row.graph_id, record_type: 'calendar-event', record_id: row.id, change_key: existing?.change_key ?? row.change_key });
}
