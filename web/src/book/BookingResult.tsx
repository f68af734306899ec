/** What the guest sees after booking, rescheduling or cancelling; a pending booking is polled until it settles. */
import { useEffect, useState } from 'react';
import { booking, dayLabel, timeLabel, type GuestBooking } from './bookApi.js';

const tokenOf = (url: string | null) => (url ? url.split('/').pop() ?? null : null);

export function BookingResult({ booking: initial }: { booking: GuestBooking }) {
  const [b, setB] = useState(initial);
  useEffect(() => setB(initial), [initial]);
  const token = tokenOf(b.manageUrl);
  useEffect(() => {
    if (b.status !== 'pending' || !token) return;
    const t = setTimeout(() => void booking.get(token).then(setB, () => undefined), 1000);
    return () => clearTimeout(t);
  }, [b, token]);

  const heading = b.status === 'confirmed' ? 'You are booked' : b.status === 'cancelled' ? 'Cancelled' : b.status === 'failed' ? 'Not booked' : 'Confirming…';
  return (
    <section data-testid="booking-result" data-status={b.status}>
      <h1>{heading}</h1>
      <p>{b.title} with {b.ownerName}: {dayLabel(b.start, b.timeZone)}, {timeLabel(b.start, b.timeZone)}–{timeLabel(b.end, b.timeZone)} ({b.timeZone})</p>
      {b.joinUrl && <p>Join the Microsoft Teams meeting: <a href={b.joinUrl} data-testid="join-url">{b.joinUrl}</a></p>}
      {!b.joinUrl && b.status === 'confirmed' && <p>Where: {b.location}</p>}
      {b.status === 'confirmed' && b.emailed && <p className="muted">A confirmation with a calendar invitation is on its way to you.</p>}
      {b.message && <p role={b.status === 'failed' ? 'alert' : 'status'}>{b.message}</p>}
      {b.manageUrl && <p><a href={b.manageUrl}>Reschedule or cancel</a></p>}
      {b.status === 'failed' && b.slug && <p><a href={`/book/${b.slug}`}>Pick another time</a></p>}
    </section>
  );
}
