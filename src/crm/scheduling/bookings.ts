import type { Db } from '../../db/database.js';
import type { BookingsTable, BookingStatus } from '../../db/tables/scheduling.js';
import { DomainError, isUniqueViolation, notFound, nowIso } from '../errors.js';
import type { PageLocation } from './page.js';
import type { Busy } from './slots.js';

export interface Booking {
  id: string;
  pageId: string;
  ownerUserId: string;
  start: string;
  end: string;
  guest: { name: string; email: string; timeZone: string };
  answers: Record<string, string>;
  location: PageLocation;
  status: BookingStatus;
  meetingId: string | null;
  personId: string | null;
  joinUrl: string | null;
  icalUid: string | null;
  sequence: number;
  confirmation: string;
  confirmationDraftId: string | null;
  problem: string | null;
  createdAt: string;
  updatedAt: string;
}

export function toBooking(r: BookingsTable): Booking {
  return {
    id: r.id, pageId: r.page_id, ownerUserId: r.owner_user_id, start: r.start_utc, end: r.end_utc,
    guest: { name: r.guest_name, email: r.guest_email, timeZone: r.guest_time_zone }, answers: JSON.parse(r.answers) as Record<string, string>,
    location: JSON.parse(r.location) as PageLocation, status: r.status, meetingId: r.meeting_id, personId: r.person_id, joinUrl: r.join_url,
    icalUid: r.ical_uid, sequence: r.sequence, confirmation: r.confirmation, confirmationDraftId: r.confirmation_draft_id, problem: r.problem, createdAt: r.created_at, updatedAt: r.updated_at,
  };
}

export const LIVE: BookingStatus[] = ['pending', 'confirmed'];

/**
 * Serializes bookings of one owner: the row update holds a row lock until commit on PostgreSQL
 * (across processes) and the write lock on SQLite, so the free-time check and the insert that
 * follow it are one step. Call first thing in the booking transaction.
 */
export async function lockOwner(trx: Db, ownerUserId: string): Promise<void> {
  await trx.insertInto('scheduling_owners').values({ user_id: ownerUserId, version: 1 })
    .onConflict((oc) => oc.column('user_id').doUpdateSet((eb) => ({ version: eb('scheduling_owners.version', '+', 1) })))
    .execute();
}

/** The owner's live bookings that end after `from` and start before `to`, as busy times. */
export async function liveBookings(db: Db, ownerUserId: string, from: string, to: string, exceptId?: string): Promise<Busy[]> {
  let q = db.selectFrom('bookings').select(['start_utc', 'end_utc'])
    .where('owner_user_id', '=', ownerUserId).where('status', 'in', LIVE).where('end_utc', '>', from).where('start_utc', '<', to);
  if (exceptId) q = q.where('id', '!=', exceptId);
  return (await q.execute()).map((r) => ({ start: Date.parse(r.start_utc), end: Date.parse(r.end_utc) }));
}

export const slotTaken = () => new DomainError('conflict', 'This time was just taken. Pick another time from the refreshed list.');

export async function insertBooking(trx: Db, row: Omit<BookingsTable, 'created_at' | 'updated_at'>): Promise<void> {
  const at = nowIso();
  try {
    await trx.insertInto('bookings').values({ ...row, created_at: at, updated_at: at }).execute();
  } catch (err) {
    // The backstop for one start time: the owner lock already makes this rare.
    if (isUniqueViolation(err)) throw slotTaken();
    throw err;
  }
}

export async function findBooking(db: Db, id: string): Promise<Booking | undefined> {
  const r = await db.selectFrom('bookings').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toBooking(r) : undefined;
}

/** The owner's booking; another user's answers 404. */
export async function ownerBooking(db: Db, workspaceId: string, ownerUserId: string, id: string): Promise<Booking> {
  const r = await db.selectFrom('bookings').selectAll().where('id', '=', id).where('workspace_id', '=', workspaceId).where('owner_user_id', '=', ownerUserId).executeTakeFirst();
  if (!r) throw notFound('booking');
  return toBooking(r);
}

export async function bookingsOfPage(db: Db, pageId: string, filter: { upcomingFrom?: string } = {}): Promise<Booking[]> {
  let q = db.selectFrom('bookings').selectAll().where('page_id', '=', pageId);
  if (filter.upcomingFrom) q = q.where('end_utc', '>', filter.upcomingFrom);
  return (await q.orderBy('start_utc').limit(500).execute()).map(toBooking);
}

/**
 * Updates a booking only while it is still at `sequence`: a job working for an older state (the
 * confirmation of a booking the guest has since moved or cancelled) then changes nothing.
 */
export async function updateBookingAt(db: Db, id: string, sequence: number, patch: Partial<Omit<BookingsTable, 'id' | 'created_at'>>): Promise<boolean> {
  const r = await db.updateTable('bookings').set({ ...patch, updated_at: nowIso() }).where('id', '=', id).where('sequence', '=', sequence).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function updateBooking(db: Db, id: string, patch: Partial<Omit<BookingsTable, 'id' | 'created_at'>>): Promise<void> {
  await db.updateTable('bookings').set({ ...patch, updated_at: nowIso() }).where('id', '=', id).execute();
}
