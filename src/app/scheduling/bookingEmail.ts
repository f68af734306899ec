import type { Booking } from '../../crm/scheduling/bookings.js';
import { pageById } from '../../crm/scheduling/pages.js';
import type { MicrosoftAccount } from '../../microsoft/accounts/accounts.js';
import { locationText } from './locationText.js';
import type { SchedulingDeps } from './deps.js';
import { guestEmailHtml, guestEmailSubject, type GuestEmail } from './guestEmail.js';
import { inviteIcs } from './invite.js';
import { guestToken } from './links.js';
import { sendGuestEmail } from './sendGuestEmail.js';

/** The guest's reschedule-or-cancel page; the link expires when the meeting ends. */
export function manageUrl(deps: SchedulingDeps, booking: Pick<Booking, 'id' | 'end'>): string {
  const token = guestToken(deps.integration.config.secretKey, booking.id, Date.parse(booking.end));
  return `${deps.integration.config.publicUrl}/book/manage/${token}`;
}

/** Emails the guest about their booking from the owner's mailbox, with the invite (or cancellation) attached. */
export async function sendBookingEmail(deps: SchedulingDeps, account: MicrosoftAccount, booking: Booking, kind: GuestEmail['kind']): Promise<'sent' | 'not_sent' | 'stale'> {
  const page = await pageById(deps.integration.database.db, booking.pageId);
  const title = page?.title ?? 'Meeting';
  const owner = { name: account.displayName ?? account.username, email: account.username };
  const where = { joinUrl: booking.location.kind === 'teams' ? booking.joinUrl : null, text: locationText(booking.location) };
  const email: GuestEmail = {
    kind, title, ownerName: owner.name, guestName: booking.guest.name, start: booking.start, end: booking.end, guestZone: booking.guest.timeZone,
    where, manageUrl: kind === 'cancelled' ? null : manageUrl(deps, booking),
  };
  const ics = inviteIcs({
    method: kind === 'cancelled' ? 'CANCEL' : 'REQUEST', uid: booking.icalUid ?? `${booking.id}@tandem`, sequence: booking.sequence,
    start: booking.start, end: booking.end, summary: `${title} with ${owner.name}`, organizer: owner,
    attendee: { name: booking.guest.name, email: booking.guest.email }, location: where.joinUrl ?? where.text, joinUrl: where.joinUrl,
    description: page?.description ?? '',
  });
  return sendGuestEmail(deps, account, booking.id, {
    sequence: booking.sequence,
    to: { name: booking.guest.name, address: booking.guest.email }, subject: guestEmailSubject(email), html: guestEmailHtml(email),
    ics: { method: kind === 'cancelled' ? 'CANCEL' : 'REQUEST', content: ics },
  });
}
