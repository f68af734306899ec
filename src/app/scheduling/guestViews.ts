import type { Booking } from '../../crm/scheduling/bookings.js';
import type { SchedulingPage } from '../../crm/scheduling/page.js';
import { pageById } from '../../crm/scheduling/pages.js';
import type { MicrosoftAccount } from '../../microsoft/accounts/accounts.js';
import { bookable } from './book.js';
import { manageUrl } from './bookingEmail.js';
import type { SchedulingDeps } from './deps.js';
import { locationText } from './locationText.js';

const ownerName = (account: MicrosoftAccount | undefined) => account?.displayName ?? account?.username ?? 'your host';

export async function publicPageView(deps: SchedulingDeps, page: SchedulingPage, account: MicrosoftAccount | undefined) {
  const refused = await bookable(deps, page, account);
  return {
    slug: page.slug, title: page.title, description: page.description, ownerName: ownerName(account), durations: page.durations,
    location: locationText(page.location), isTeams: page.location.kind === 'teams', questions: page.questions,
    bookable: refused === null, notBookableReason: refused,
  };
}

/** The guest's view of their booking: the join link only once confirmed, and a plain sentence when something is off. */
export async function guestBookingView(deps: SchedulingDeps, b: Booking) {
  const page = await pageById(deps.integration.database.db, b.pageId);
  const account = await deps.integration.accounts.byUser(b.ownerUserId);
  const confirmed = b.status === 'confirmed';
  const message = b.status === 'failed'
    ? `${b.problem ?? 'The booking could not be made.'} Nothing was booked; please pick a time again.`
    : b.status === 'pending' ? 'Your booking is being confirmed. This page updates in a moment.'
      : b.status === 'cancelled' ? 'This meeting is cancelled.'
        : b.confirmation === 'not_sent' ? 'Your booking is confirmed, but no confirmation email could be sent: keep the details on this page.' : null;
  return {
    id: b.id, title: page?.title ?? 'Meeting', ownerName: ownerName(account), start: b.start, end: b.end, timeZone: b.guest.timeZone,
    status: b.status, location: locationText(b.location), joinUrl: confirmed ? b.joinUrl : null, emailed: b.confirmation === 'sent', message,
    manageUrl: confirmed ? manageUrl(deps, b) : null, slug: page?.slug ?? '', duration: Math.round((Date.parse(b.end) - Date.parse(b.start)) / 60_000),
  };
}
