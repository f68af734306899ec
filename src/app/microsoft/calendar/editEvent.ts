import { resolveInvitees } from '../../../crm/meetingInput.js';
import { lockMeeting, updateMeeting, type Meeting } from '../../../crm/meetings.js';
import type { Db } from '../../../db/database.js';
import type { CalendarEventsTable } from '../../../db/tables/calendar.js';
import type { EventWrite } from '../../../microsoft/sync/calendar/eventPayload.js';
import type { StoredAttendee } from '../../../microsoft/sync/calendar/mapEvent.js';
import { refreshParticipants, syncActivities } from '../../../microsoft/sync/calendar/meetingActivities.js';
import { ianaZone, isIana } from '../../../microsoft/sync/calendar/zones.js';
import { outbox } from '../../../microsoft/sync/outbox.js';
import { calendarGranted, requireCalendar, type Caller } from './access.js';
import { afterCommit } from './afterCommit.js';
import { calendarTransaction } from './transaction.js';
import type { CalendarDeps } from './deps.js';
import { invalid } from './errors.js';
import { findTarget, inOutlook, linkRow, seriesTarget, type Scope } from './target.js';
import { meetingView, rowViews, type CalendarEventView } from './view.js';
import type { ScheduleInput } from './scheduleMeeting.js';

export type EditInput = Partial<ScheduleInput> & { scope?: Scope };

const instantOf = (field: string, v: string) => {
  if (!/T.*(Z|[+-]\d{2}:?\d{2})$/i.test(v) || Number.isNaN(Date.parse(v))) throw invalid(`${field}: "${v}" needs to be an ISO-8601 date-time with Z or an offset`);
  return new Date(Date.parse(v)).toISOString();
};

/**
 * Edits an event from the CRM. Only the fields that changed go to Outlook, and attendees only when
 * the set of people changed (any attendees PATCH makes Outlook re-invite everyone).
 */
export async function editEvent(deps: CalendarDeps, caller: Caller, id: string, input: EditInput): Promise<CalendarEventView> {
  const target = await findTarget(deps, caller, id);
  if (input.teams === false) throw invalid('teams: a Teams meeting cannot be switched back to an in-person one (Outlook does not allow it)');
  return target.kind === 'meeting' ? editMeeting(deps, caller, target.meeting, input) : editRow(deps, caller, target.row, input);
}

async function editMeeting(deps: CalendarDeps, caller: Caller, before: Meeting, input: EditInput): Promise<CalendarEventView> {
  const db = deps.integration.database.db;
  const account = await deps.integration.accounts.byUser(caller.userId);
  if (input.teams && !before.online) {
    const teams = await deps.teams.check(account);
    if (!teams.available) throw invalid(`teams: ${teams.reason}`);
  }
  const { meeting, sent } = await calendarTransaction(db, async (trx) => {
    await lockMeeting(trx as Db, before.id);
    const { meeting, changes } = await updateMeeting(trx as Db, caller.workspaceId, before.id, {
      ...(input.subject !== undefined ? { subject: input.subject } : {}), ...(input.notes !== undefined ? { notes: input.notes } : {}),
      ...(input.start !== undefined ? { start: input.start } : {}), ...(input.end !== undefined ? { end: input.end } : {}),
      ...(input.timeZone !== undefined ? { timeZone: input.timeZone } : {}), ...(input.location !== undefined ? { location: input.location } : {}),
      ...(input.teams ? { online: true } : {}), ...(input.attendeePersonIds !== undefined ? { attendeePersonIds: input.attendeePersonIds } : {}),
      ...(input.personId !== undefined ? { personId: input.personId } : {}), ...(input.companyId !== undefined ? { companyId: input.companyId } : {}),
    });
    // updateMeeting knows only the CRM's people; the synced copies may name more (added in Outlook).
    if (changes.attendees || input.personId !== undefined || input.companyId !== undefined) await refreshParticipants(trx, caller.workspaceId, meeting.id);
    const w: EventWrite = {};
    if (changes.subject !== undefined) w.subject = changes.subject;
    if (changes.notes !== undefined) w.notes = changes.notes;
    if (changes.location !== undefined) w.location = changes.location;
    if (changes.start !== undefined || changes.end !== undefined || changes.timeZone !== undefined) Object.assign(w, { start: meeting.start, end: meeting.end, timeZone: meeting.timeZone });
    if (changes.attendees) w.attendees = changes.attendees.map((a) => ({ name: a.name, address: a.address }));
    if (changes.online) w.teams = true;
    if (account && Object.keys(w).length) {
      // The Outlook copy is what the list shows: it shows the edit at once, not when the write-back answers.
      await trx.updateTable('calendar_events').set({
        ...(w.subject !== undefined ? { subject: w.subject } : {}), ...(w.location !== undefined ? { location: w.location } : {}),
        ...(w.notes !== undefined ? { body_preview: w.notes } : {}), start_utc: meeting.start, end_utc: meeting.end, updated_at: new Date().toISOString(),
      }).where('account_id', '=', account.id).where('activity_id', '=', meeting.id).execute();
    }
    const send = Object.keys(w).length > 0 && !!account && calendarGranted(account) && (await inOutlook(trx, account.id, meeting.id));
    if (send) await outbox.record(trx, { accountId: account!.id, resource: 'calendar', recordType: 'meeting', recordId: meeting.id, op: 'update', payload: w });
    return { meeting, sent: send };
  });
  await afterCommit(deps, sent ? account!.id : null, caller.userId, [meeting.id], [meeting.id]);
  const row = account ? await db.selectFrom('calendar_events').selectAll().where('account_id', '=', account.id).where('activity_id', '=', meeting.id).executeTakeFirst() : undefined;
  // The copy in Outlook is what the list shows once it exists; until then the CRM meeting.
  return row ? (await rowViews(db, caller.workspaceId, [row]))[0]! : meetingView(db, meeting);
}

async function editRow(deps: CalendarDeps, caller: Caller, row: CalendarEventsTable, input: EditInput): Promise<CalendarEventView> {
  const account = await requireCalendar(deps.integration, caller);
  const db = deps.integration.database.db;
  if (input.personId !== undefined || input.companyId !== undefined) {
    // An Outlook event belongs to no CRM record: its people come from its organizer and attendees.
    throw invalid(`${input.personId !== undefined ? 'personId' : 'companyId'}: this event comes from Outlook and shows on the timelines of the CRM people it names; change its attendees instead`);
  }
  const master = seriesTarget(row, input.scope);
  if (input.timeZone !== undefined && !isIana(input.timeZone)) throw invalid(`timeZone: "${input.timeZone}" is not an IANA time zone name (e.g. Europe/Berlin)`);
  const start = input.start !== undefined ? instantOf('start', input.start) : row.start_utc;
  const end = input.end !== undefined ? instantOf('end', input.end) : row.end_utc;
  if (Date.parse(end) <= Date.parse(start)) throw invalid(`end: must be after start (${start}); got ${end}`);
  if (input.teams && row.is_online_meeting !== 1) {
    const teams = await deps.teams.check(account);
    if (!teams.available) throw invalid(`teams: ${teams.reason}`);
  }
  const w: EventWrite = master ? { seriesMasterGraphId: master } : {};
  if (input.subject !== undefined && input.subject !== row.subject) w.subject = input.subject;
  if (input.notes !== undefined) w.notes = input.notes;
  if (input.location !== undefined && input.location !== row.location) w.location = input.location;
  if (start !== row.start_utc || end !== row.end_utc || input.timeZone !== undefined) Object.assign(w, { start, end, timeZone: input.timeZone ?? ianaZone(row.time_zone) ?? 'UTC' });
  if (input.teams && row.is_online_meeting !== 1) w.teams = true;
  if (input.attendeePersonIds !== undefined) {
    const invitees = await resolveInvitees(db, caller.workspaceId, input.attendeePersonIds);
    const current = JSON.parse(row.attendees) as StoredAttendee[];
    // The people picked replace the CRM people among the attendees; everyone else stays invited.
    const crmAddresses = new Set((await db.selectFrom('person_emails').select('email').where('workspace_id', '=', caller.workspaceId)
      .where('email', 'in', current.length ? current.map((a) => a.address) : ['']).execute()).map((e) => e.email));
    const next = [...current.filter((a) => !crmAddresses.has(a.address)).map((a) => ({ name: a.name, address: a.address })), ...invitees.map((i) => ({ name: i.name, address: i.address }))];
    const same = next.length === current.length && next.every((n) => current.some((c) => c.address === n.address));
    if (!same) w.attendees = next;
  }
  const changed = Object.keys(w).some((k) => k !== 'seriesMasterGraphId');
  if (changed) {
    await calendarTransaction(db, async (trx) => {
      if (!master) {
        // The copy shows the edit at once; a series edit comes back through delta for every occurrence.
        await trx.updateTable('calendar_events').set({
          ...(w.subject !== undefined ? { subject: w.subject } : {}), ...(w.location !== undefined ? { location: w.location } : {}),
          ...(w.notes !== undefined ? { body_preview: w.notes } : {}), start_utc: start, end_utc: end,
          ...(w.attendees ? { attendees: JSON.stringify(w.attendees.map((a) => ({ ...a, type: 'required', response: null }))) } : {}),
          updated_at: new Date().toISOString(),
        }).where('id', '=', row.id).execute();
        await syncActivities(trx, { id: account.id, userId: account.userId, workspaceId: account.workspaceId }, [row.id]);
      }
      await linkRow(trx, row);
      await outbox.record(trx, { accountId: account.id, resource: 'calendar', recordType: 'calendar-event', recordId: row.id, op: 'update', payload: w });
    });
    await afterCommit(deps, account.id, caller.userId, [row.id], row.activity_id ? [row.activity_id] : []);
  }
  const fresh = await db.selectFrom('calendar_events').selectAll().where('id', '=', row.id).executeTakeFirstOrThrow();
  return (await rowViews(db, caller.workspaceId, [fresh]))[0]!;
}
