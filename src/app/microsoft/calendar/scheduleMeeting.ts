import { createMeeting } from '../../../crm/meetings.js';
import type { MeetingInput } from '../../../crm/meetingInput.js';
import type { Db } from '../../../db/database.js';
import { newId } from '../../../lib/ids.js';
import type { EventWrite } from '../../../microsoft/sync/calendar/eventPayload.js';
import { outbox } from '../../../microsoft/sync/outbox.js';
import { requireCalendar, type Caller } from './access.js';
import { afterCommit } from './afterCommit.js';
import { calendarTransaction } from './transaction.js';
import type { CalendarDeps } from './deps.js';
import { invalid } from './errors.js';
import { meetingView, type CalendarEventView } from './view.js';

export interface ScheduleInput {
  subject: string;
  start: string;
  end: string;
  timeZone?: string;
  attendeePersonIds?: string[];
  location?: string;
  notes?: string;
  teams?: boolean;
  personId?: string;
  companyId?: string;
}

/**
 * Schedules a meeting from the CRM: the meeting (activity, details, participants) and its way to
 * Outlook (an outbox create whose idempotency key is the event's transactionId) commit together;
 * the write-back job sends it after commit.
 */
export async function scheduleMeeting(deps: CalendarDeps, caller: Caller, input: ScheduleInput): Promise<CalendarEventView> {
  const account = await requireCalendar(deps.integration, caller);
  if (!input.subject.trim()) throw invalid('subject: must not be blank');
  if (input.teams) {
    const teams = await deps.teams.check(account);
    if (!teams.available) throw invalid(`teams: ${teams.reason}`);
  }
  const db = deps.integration.database.db;
  const meetingInput: MeetingInput = {
    subject: input.subject, start: input.start, end: input.end, timeZone: input.timeZone ?? 'UTC', attendeePersonIds: input.attendeePersonIds ?? [],
    location: input.location ?? null, notes: input.notes ?? null, online: !!input.teams, personId: input.personId ?? null, companyId: input.companyId ?? null,
  };
  const meeting = await calendarTransaction(db, async (trx) => {
    const { meeting, invitees } = await createMeeting(trx as Db, caller.workspaceId, caller.userId, meetingInput);
    const write: EventWrite = {
      subject: meeting.subject, notes: meeting.notes, start: meeting.start, end: meeting.end, timeZone: meeting.timeZone, location: meeting.location,
      attendees: invitees.map((i) => ({ name: i.name, address: i.address })), teams: meeting.online,
    };
    await outbox.record(trx, { accountId: account.id, resource: 'calendar', recordType: 'meeting', recordId: meeting.id, op: 'create', payload: write, idempotencyKey: newId() });
    return meeting;
  });
  await afterCommit(deps, account.id, caller.userId, [meeting.id], [meeting.id]);
  return meetingView(db, meeting);
}
