/** The guest's own booking (/book/manage/{token}, from the confirmation email): reschedule or cancel. */
import { useEffect, useState } from 'react';
import { ApiError, errorMessage } from '../api/client.js';
import { ErrorText } from '../components/ErrorText.js';
import { booking, type GuestBooking } from './bookApi.js';
import { BookingResult } from './BookingResult.js';
import { SlotPicker } from './SlotPicker.js';

export function ManageBooking({ token }: { token: string }) {
  const [b, setB] = useState<GuestBooking | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [moving, setMoving] = useState(false);
  const [zone, setZone] = useState(Intl.DateTimeFormat().resolvedOptions().timeZone);
  const [busy, setBusy] = useState(false);
  const [version, setVersion] = useState(0);
  useEffect(() => {
    booking.get(token).then((x) => { setB(x); setZone(x.timeZone); }, (err: unknown) => setError(errorMessage(err)));
  }, [token]);

  const act = (work: () => Promise<GuestBooking>) => {
    setBusy(true);
    setError(null);
    work().then((x) => { setB(x); setMoving(false); }, (err: unknown) => {
      setError(errorMessage(err));
      if (err instanceof ApiError && err.status === 409) setVersion((v) => v + 1);
    }).finally(() => setBusy(false));
  };

  if (!b) return <main className="public-page">{error ? <p role="alert">{error}</p> : <p className="muted">Loading…</p>}</main>;
  return (
    <main className="public-page">
      <BookingResult booking={b} />
      {b.status === 'confirmed' && !moving && (
        <p>
          <button type="button" disabled={busy} onClick={() => setMoving(true)}>Pick a new time</button>{' '}
          <button type="button" className="danger" disabled={busy} onClick={() => act(() => booking.cancel(token))}>Cancel the meeting</button>
        </p>
      )}
      {moving && b.slug && <SlotPicker slug={b.slug} duration={b.duration} zone={zone} onZone={setZone} version={version} except={token} onPick={(start) => act(() => booking.reschedule(token, start))} />}
      <ErrorText error={error} />
    </main>
  );
}
