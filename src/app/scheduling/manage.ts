import { DomainError, invalid } from '../../crm/errors.js';
import { instant } from '../../crm/meetingInput.js';
import { findBooking, liveBookings, lockOwner, ownerBooking, slotTaken, updateBooking, type Booking } from '../../crm/scheduling/bookings.js';
import { pageById } from '../../crm/scheduling/pages.js';
import { freeSlots } from '../../crm/scheduling/slots.js';
import type { Db } from '../../db/database.js';
import { cancelEvent } from '../microsoft/calendar/cancelEvent.js';
import { editEvent } from '../microsoft/calendar/editEvent.js';
import { calendarTransaction } from '../microsoft/calendar/transaction.js';
import { offeredHours, ownerBusy } from './availability.js';
import { enqueueConfirm } from './confirmJob.js';
import { publishBookingChanged, type SchedulingDeps } from './deps.js';
import { readGuestToken } from './links.js';

const MINUTE = 60_000;
const linkExpired = () => new DomainError('not_found', 'This link has expired or is not valid. Contact the person you booked with.');

/** The booking behind a guest's signed link, while it can still be changed. */
export async function bookingByToken(deps: SchedulingDeps, token: string): Promise<Booking> {
  const id = readGuestToken(deps.integration.config.secretKey, token);
  const booking = id ? await findBooking(deps.integration.database.db, id) : undefined;
  if (!booking) throw linkExpired();
  return booking;
}

function mustBeConfirmed(b: Booking): void {
  if (b.status === 'cancelled') throw new DomainError('conflict', 'This meeting is already cancelled.');
  if (b.status !== 'confirmed') throw new DomainError('conflict', 'This booking is not confirmed yet. Try again in a minute.');
}

/**
 * Moves a confirmed booking: under the owner's lock the new start must be offered and free (this
 * booking and its own meeting excepted); the same Outlook event moves (its Teams meeting stays, its
 * body untouched), and the guest gets the new time with SEQUENCE + 1.
 */
export async function rescheduleByGuest(deps: SchedulingDeps, token: string, startInput: string): Promise<Booking> {
  const booking = await bookingByToken(deps, token);
  mustBeConfirmed(booking);
  const db = deps.integration.database.db;
  const page = await pageById(db, booking.pageId);
  if (!page || !page.enabled) throw new DomainError('conflict', 'This booking page no longer takes bookings. Contact the person you booked with.');
  const account = await deps.integration.accounts.byUser(page.ownerUserId);
  if (!account) throw new DomainError('conflict', 'This meeting cannot be moved right now. Contact the person you booked with.');
  const start = Date.parse(instant('start', startInput));
  if (start <= Date.now()) throw invalid('start', 'is in the past: pick a time from the list');
  const duration = (Date.parse(booking.end) - Date.parse(booking.start)) / MINUTE;
  const hours = await offeredHours(deps, page, account);
  const around = { from: new Date(start - 2 * 86_400_000).toISOString(), to: new Date(start + 2 * 86_400_000).toISOString() };
  const busy = await ownerBusy(deps, page, account, around.from, around.to, booking.meetingId ?? undefined);
  const query = { page: { ...page, timeZone: hours.timeZone }, weekly: hours.weekly, duration, now: Date.now(), from: start, to: start + 1 };
  if (!freeSlots({ ...query, busy: [], booked: [], page: { ...query.page, dailyCap: null } }).includes(start)) {
    throw invalid('start', 'this page does not offer that time. Pick a time from the list');
  }
  const end = start + duration * MINUTE;
  await calendarTransaction(db, async (trx) => {
    const t = trx as Db;
    await lockOwner(t, page.ownerUserId);
    const booked = await liveBookings(t, page.ownerUserId, around.from, around.to, booking.id);
    if (!freeSlots({ ...query, busy, booked }).includes(start)) throw slotTaken();
    await updateBooking(t, booking.id, {
      start_utc: new Date(start).toISOString(), end_utc: new Date(end).toISOString(), sequence: booking.sequence + 1, confirmation: 'pending', confirmation_draft_id: null,
    });
  });
  if (booking.meetingId) {
    await editEvent(deps.calendar, { userId: page.ownerUserId, workspaceId: page.workspaceId }, booking.meetingId, { start: new Date(start).toISOString(), end: new Date(end).toISOString() });
  }
  await enqueueConfirm(deps, booking.id, { stage: booking.sequence + 1 });
  await publishBookingChanged(deps, page.ownerUserId, { bookingId: booking.id, pageId: page.id, status: 'confirmed' });
  return (await findBooking(db, booking.id))!;
}

export async function cancelByGuest(deps: SchedulingDeps, token: string): Promise<Booking> {
  return cancelBooking(deps, await bookingByToken(deps, token));
}

export async function cancelByOwner(deps: SchedulingDeps, caller: { userId: string; workspaceId: string }, id: string): Promise<Booking> {
  return cancelBooking(deps, await ownerBooking(deps.integration.database.db, caller.workspaceId, caller.userId, id));
}

/** Cancels: the Outlook event is deleted (Outlook tells attendees), the slot frees, the guest gets METHOD:CANCEL. */
async function cancelBooking(deps: SchedulingDeps, booking: Booking): Promise<Booking> {
  mustBeConfirmed(booking);
  const db = deps.integration.database.db;
  const page = await pageById(db, booking.pageId);
  await updateBooking(db, booking.id, { status: 'cancelled', sequence: booking.sequence + 1, confirmation: 'pending', confirmation_draft_id: null });
  if (booking.meetingId && page) {
    try {
      await cancelEvent(deps.calendar, { userId: booking.ownerUserId, workspaceId: page.workspaceId }, booking.meetingId, undefined);
    } catch (err) {
      // Already gone (deleted in Outlook or the CRM): the booking is cancelled all the same.
      if (!(err instanceof DomainError && err.kind === 'not_found')) throw err;
    }
  }
  await enqueueConfirm(deps, booking.id, { stage: booking.sequence + 1 });
  await publishBookingChanged(deps, booking.ownerUserId, { bookingId: booking.id, pageId: booking.pageId, status: 'cancelled' });
  return (await findBooking(db, booking.id))!;
}
