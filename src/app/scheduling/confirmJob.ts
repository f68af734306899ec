import type { Event } from '@microsoft/microsoft-graph-types';
import { linkMeeting } from '../../crm/meetings.js';
import { findBooking, updateBooking, type Booking } from '../../crm/scheduling/bookings.js';
import { pageById } from '../../crm/scheduling/pages.js';
import type { Db } from '../../db/database.js';
import type { MicrosoftAccount } from '../../microsoft/accounts/accounts.js';
import { links } from '../../microsoft/sync/links.js';
import { cancelEvent } from '../microsoft/calendar/cancelEvent.js';
import { syncEngineOf } from '../microsoft/sync/install.js';
import { runWriteBack } from '../microsoft/sync/writeBackJob.js';
import { publishBookingChanged, type SchedulingDeps } from './deps.js';
import { sendBookingEmail } from './bookingEmail.js';

export const CONFIRM_JOB = 'scheduling.confirm';

export interface ConfirmPayload {
  bookingId: string;
}

/** Re-reads of a Teams event created without its join URL (Graph adds it moments later): about 12 s in all. */
const JOIN_URL_REREADS_MS = [150, 300, 600, 1_000, 2_000, 3_000, 5_000];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * One job per booking and stage: `stage` (the booking's sequence after a new time or a cancel)
 * keeps a later stage from being coalesced into an earlier job that already ran (pg-boss holds
 * singleton keys past completion).
 */
export const enqueueConfirm = (deps: SchedulingDeps, bookingId: string, o: { runAt?: number; stage?: number } = {}) =>
  deps.integration.queue.enqueue<ConfirmPayload>(CONFIRM_JOB, { bookingId }, {
    key: `${bookingId}:${o.stage ?? 0}${o.runAt ? `:${o.runAt}` : ''}`, maxAttempts: 8, ...(o.runAt ? { runAt: o.runAt } : {}),
  });

/**
 * scheduling.confirm: a pending booking becomes confirmed once its Outlook event exists (sent by the
 * engine's write-back) and, for Teams, carries its join URL; then the guest is emailed. If the
 * event cannot be made or the join URL never comes, the booking fails cleanly: the half-made event
 * is deleted, the slot is free again, and no confirmation goes out. Idempotent: every step checks
 * what is already done, so a crash or a duplicate job changes nothing twice.
 */
export async function runConfirm(deps: SchedulingDeps, p: ConfirmPayload): Promise<void> {
  const db = deps.integration.database.db;
  const booking = await findBooking(db, p.bookingId);
  if (!booking) return;
  const account = await deps.integration.accounts.byUser(booking.ownerUserId);
  if (booking.status === 'confirmed' || booking.status === 'cancelled') {
    // A new time or a cancellation: the guest hears of it once (sendGuestEmail records its draft first).
    const kind = booking.status === 'cancelled' ? 'cancelled' : booking.sequence > 0 ? 'rescheduled' : 'confirmed';
    if (booking.confirmation === 'pending' && account) await sendBookingEmail(deps, account, booking, kind);
    return;
  }
  if (booking.status !== 'pending' || !booking.meetingId) return;
  if (!account || account.status !== 'active') return fail(deps, booking, 'The owner\'s Microsoft 365 account is not connected, so the meeting could not be made.');

  const entry = await createEntry(db, booking.meetingId);
  if (entry?.state === 'pending') {
    const engine = syncEngineOf(deps.integration);
    if (engine) await runWriteBack(engine, { accountId: account.id, resource: 'calendar' });
    const after = await createEntry(db, booking.meetingId);
    if (after?.state === 'pending') {
      // Throttled or Graph briefly down: the write-back retries on its own schedule; check again then.
      await enqueueConfirm(deps, booking.id, { runAt: Math.max(Date.parse(after.next_attempt_at), Date.now()) + 100 });
      return;
    }
    if (after?.state === 'failed') return fail(deps, booking, 'Microsoft 365 refused to create the meeting.');
  } else if (entry?.state === 'failed') {
    return fail(deps, booking, 'Microsoft 365 refused to create the meeting.');
  }

  const m = await meetingOf(db, booking.meetingId);
  if (!m) return fail(deps, booking, 'The meeting was removed before it was confirmed.');
  let joinUrl = m.join_url;
  if (booking.location.kind === 'teams' && !joinUrl) joinUrl = await awaitJoinUrl(deps, account, booking.meetingId);
  if (booking.location.kind === 'teams' && !joinUrl) {
    return fail(deps, booking, 'Microsoft Teams did not provide a link for this meeting, so the booking was not made.');
  }
  await updateBooking(db, booking.id, { status: 'confirmed', join_url: joinUrl, ical_uid: m.calendar_uid });
  await publishBookingChanged(deps, booking.ownerUserId, { bookingId: booking.id, pageId: booking.pageId, status: 'confirmed' });
  const confirmed = (await findBooking(db, booking.id))!;
  await sendBookingEmail(deps, account, confirmed, 'confirmed');
  await publishBookingChanged(deps, booking.ownerUserId, { bookingId: booking.id, pageId: booking.pageId, status: 'confirmed' });
}

async function createEntry(db: Db, meetingId: string) {
  return db.selectFrom('microsoft_outbox').select(['state', 'next_attempt_at']).where('record_type', '=', 'meeting').where('record_id', '=', meetingId).where('op', '=', 'create').executeTakeFirst();
}

async function meetingOf(db: Db, meetingId: string) {
  return db.selectFrom('meetings').select(['join_url', 'calendar_uid', 'workspace_id']).where('activity_id', '=', meetingId).executeTakeFirst();
}

/** Graph may add a Teams meeting's join URL moments after the create: read the event again, bounded. */
async function awaitJoinUrl(deps: SchedulingDeps, account: MicrosoftAccount, meetingId: string): Promise<string | null> {
  const db = deps.integration.database.db;
  const link = await links.byRecord(db, account.id, 'calendar', 'meeting', meetingId);
  if (!link) return null;
  for (const ms of JOIN_URL_REREADS_MS) {
    await sleep(ms);
    // Delta may have brought it meanwhile (Outlook's update notifies); then no read is needed.
    const known = await meetingOf(db, meetingId);
    if (known?.join_url) return known.join_url;
    const event = await deps.integration.graph.get<Event>(account.id, `/me/events/${encodeURIComponent(link.graph_id)}?$select=onlineMeeting,iCalUId`);
    const url = event.onlineMeeting?.joinUrl ?? null;
    if (url) {
      await linkMeeting(db, meetingId, { calendarUid: event.iCalUId ?? null, joinUrl: url });
      return url;
    }
  }
  return null;
}

/** The booking fails: its meeting (and the Outlook event, if one was made) goes, which frees the slot. */
async function fail(deps: SchedulingDeps, booking: Booking, problem: string): Promise<void> {
  const db = deps.integration.database.db;
  const page = await pageById(db, booking.pageId);
  await updateBooking(db, booking.id, { status: 'failed', problem });
  if (booking.meetingId && page) {
    try {
      await cancelEvent(deps.calendar, { userId: booking.ownerUserId, workspaceId: page.workspaceId }, booking.meetingId, undefined);
    } catch (err) {
      deps.integration.log.warn({ err, bookingId: booking.id }, 'the failed booking\'s meeting could not be removed');
    }
  }
  await publishBookingChanged(deps, booking.ownerUserId, { bookingId: booking.id, pageId: booking.pageId, status: 'failed' });
}
