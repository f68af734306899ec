import { DomainError } from '../../crm/errors.js';
import { createMeeting } from '../../crm/meetings.js';
import { createPerson, findPeopleByEmails } from '../../crm/people.js';
import { findBooking, insertBooking, liveBookings, lockOwner, slotTaken, type Booking } from '../../crm/scheduling/bookings.js';
import type { SchedulingPage } from '../../crm/scheduling/page.js';
import { pageBySlug } from '../../crm/scheduling/pages.js';
import { freeSlots } from '../../crm/scheduling/slots.js';
import type { Db } from '../../db/database.js';
import { newId } from '../../lib/ids.js';
import type { MicrosoftAccount } from '../../microsoft/accounts/accounts.js';
import type { EventWrite } from '../../microsoft/sync/calendar/eventPayload.js';
import { outbox } from '../../microsoft/sync/outbox.js';
import { calendarGranted } from '../microsoft/calendar/access.js';
import { afterCommit } from '../microsoft/calendar/afterCommit.js';
import { calendarTransaction } from '../microsoft/calendar/transaction.js';
import { offeredHours, ownerBusy } from './availability.js';
import { enqueueConfirm } from './confirmJob.js';
import { publishBookingChanged, type SchedulingDeps } from './deps.js';
import { checkGuest, pageUnavailable, type GuestInput } from './guestInput.js';
import { locationText } from './locationText.js';

const MINUTE = 60_000;

/** The live page behind a slug and its owner's account, or the one "not available" answer. */
export async function openPage(deps: SchedulingDeps, slug: string): Promise<{ page: SchedulingPage & { workspaceId: string }; account: MicrosoftAccount | undefined }> {
  const page = await pageBySlug(deps.integration.database.db, slug);
  if (!page || !page.enabled) throw pageUnavailable();
  const account = await deps.integration.accounts.byUser(page.ownerUserId);
  return { page, account: account && account.status !== 'disconnecting' ? account : undefined };
}

/** Why a page cannot take bookings right now, in words for the guest; null when it can. */
export async function bookable(deps: SchedulingDeps, page: SchedulingPage, account: MicrosoftAccount | undefined): Promise<string | null> {
  if (!account || account.status !== 'active' || !calendarGranted(account)) return 'This page cannot take bookings right now. Please contact its owner.';
  if (page.location.kind === 'teams' && !(await deps.calendar.teams.check(account)).available) {
    return 'This page cannot make Microsoft Teams meetings right now. Please contact its owner.';
  }
  return null;
}

/**
 * A guest books a slot. The slot is taken atomically: under the owner's lock, the start must be one
 * the page offers and still free (bookings plus buffers, Outlook busy times, CRM meetings). The
 * booking, the guest's person, the meeting and its outbox create (the Outlook event, with a
 * transactionId) commit together; the confirm job then sees the event made, the Teams link present,
 * and the guest emailed. The answer waits a moment for that, and says "pending" past it.
 */
export async function bookSlot(deps: SchedulingDeps, slug: string, input: GuestInput): Promise<Booking> {
  const { page, account } = await openPage(deps, slug);
  const guest = checkGuest(page, input);
  const refused = await bookable(deps, page, account);
  if (refused) throw new DomainError('conflict', refused);
  const hours = await offeredHours(deps, page, account);
  const around = { from: new Date(guest.start - 2 * 86_400_000).toISOString(), to: new Date(guest.start + 2 * 86_400_000).toISOString() };
  const busy = await ownerBusy(deps, page, account, around.from, around.to);
  const slotPage = { ...page, timeZone: hours.timeZone };
  const query = { page: slotPage, weekly: hours.weekly, duration: guest.duration, now: Date.now(), from: guest.start, to: guest.start + 1 };
  if (!freeSlots({ ...query, busy: [], booked: [], page: { ...slotPage, dailyCap: null } }).includes(guest.start)) {
    throw new DomainError('validation_failed', 'Check start: this page does not offer that time. Pick a time from the list.');
  }
  const db = deps.integration.database.db;
  const end = guest.start + guest.duration * MINUTE;
  const teams = page.location.kind === 'teams';
  const bookingId = newId();
  const meetingId = await calendarTransaction(db, async (trx) => {
    const t = trx as Db;
    await lockOwner(t, page.ownerUserId);
    const booked = await liveBookings(t, page.ownerUserId, around.from, around.to);
    if (!freeSlots({ ...query, busy, booked }).includes(guest.start)) throw slotTaken();
    const person = (await findPeopleByEmails(t, page.workspaceId, [guest.email])).get(guest.email)
      ?? (await createPerson(t, page.workspaceId, { name: guest.name, emails: [guest.email] }));
    const notes = page.questions.filter((q) => guest.answers[q.id]).map((q) => `${q.label}\n${guest.answers[q.id]}`).join('\n\n');
    const { meeting, invitees } = await createMeeting(t, page.workspaceId, page.ownerUserId, {
      subject: `${page.title}: ${guest.name}`, start: new Date(guest.start).toISOString(), end: new Date(end).toISOString(), timeZone: hours.timeZone,
      attendeePersonIds: [person.id], location: teams ? null : locationText(page.location), notes: notes || null, online: teams, personId: person.id,
    });
    const write: EventWrite = {
      subject: meeting.subject, notes: meeting.notes, start: meeting.start, end: meeting.end, timeZone: meeting.timeZone, location: meeting.location,
      attendees: invitees.map((i) => ({ name: i.name, address: i.address })), teams,
    };
    await outbox.record(trx, { accountId: account!.id, resource: 'calendar', recordType: 'meeting', recordId: meeting.id, op: 'create', payload: write, idempotencyKey: newId() });
    await insertBooking(t, {
      id: bookingId, page_id: page.id, workspace_id: page.workspaceId, owner_user_id: page.ownerUserId, start_utc: meeting.start, end_utc: meeting.end,
      guest_name: guest.name, guest_email: guest.email, guest_time_zone: guest.timeZone, answers: JSON.stringify(guest.answers),
      location: JSON.stringify(page.location), status: 'pending', meeting_id: meeting.id, person_id: person.id, join_url: null, ical_uid: null,
      sequence: 0, confirmation: 'pending', confirmation_draft_id: null, problem: null,
    });
    return meeting.id;
  });
  await afterCommit(deps.calendar, account!.id, page.ownerUserId, [meetingId], [meetingId]);
  await enqueueConfirm(deps, bookingId);
  await publishBookingChanged(deps, page.ownerUserId, { bookingId, pageId: page.id, status: 'pending' });
  return settled(deps, bookingId);
}

/** The booking once its confirm job has decided, or as it stands after answerWithinMs. */
export async function settled(deps: SchedulingDeps, bookingId: string): Promise<Booking> {
  const db = deps.integration.database.db;
  const deadline = Date.now() + deps.answerWithinMs;
  for (let wait = 20; ; wait = Math.min(wait * 1.5, 250)) {
    const b = (await findBooking(db, bookingId))!;
    if (b.status !== 'pending' || Date.now() >= deadline) return b;
    await new Promise((r) => setTimeout(r, wait));
  }
}
