/** The guest's emails (confirmation, new time, cancellation), as HTML. Every value is escaped. */

const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** "Tuesday, 3 March 2026, 09:00–09:30 (Europe/Berlin)", in the guest's zone. */
export function whenInZone(start: string, end: string, zone: string): string {
  const day = new Intl.DateTimeFormat('en-GB', { timeZone: zone, weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }).format(new Date(start));
  const time = new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  return `${day}, ${time.format(new Date(start))}–${time.format(new Date(end))} (${zone})`;
}

export interface GuestEmail {
  kind: 'confirmed' | 'rescheduled' | 'cancelled';
  title: string;
  ownerName: string;
  guestName: string;
  start: string;
  end: string;
  guestZone: string;
  /** The Teams join URL, or the address or phone number. */
  where: { joinUrl: string | null; text: string };
  manageUrl: string | null;
}

export function guestEmailSubject(e: GuestEmail): string {
  const verb = e.kind === 'cancelled' ? 'Cancelled' : e.kind === 'rescheduled' ? 'New time' : 'Confirmed';
  return `${verb}: ${e.title} with ${e.ownerName}`;
}

export function guestEmailHtml(e: GuestEmail): string {
  const when = esc(whenInZone(e.start, e.end, e.guestZone));
  const lead = e.kind === 'cancelled'
    ? `Your meeting with ${esc(e.ownerName)} on ${when} is cancelled.`
    : e.kind === 'rescheduled' ? `Your meeting with ${esc(e.ownerName)} is now on ${when}.` : `Your meeting with ${esc(e.ownerName)} is booked for ${when}.`;
  const where = e.kind === 'cancelled' ? '' : e.where.joinUrl
    ? `<p>Join the Microsoft Teams meeting: <a href="${esc(e.where.joinUrl)}">${esc(e.where.joinUrl)}</a></p>`
    : `<p>Where: ${esc(e.where.text)}</p>`;
  const manage = e.kind !== 'cancelled' && e.manageUrl
    ? `<p>Need another time? <a href="${esc(e.manageUrl)}">Reschedule or cancel</a>.</p>`
    : '';
  return `<p>Hello ${esc(e.guestName)},</p><p>${lead}</p>${where}${manage}<p>The calendar invitation is attached.</p>`;
}
