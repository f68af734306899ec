/** The public booking page (/book/{slug}): no sign-in. Pick a time, give a name and email, book. */
import { useEffect, useState, type FormEvent } from 'react';
import { ApiError, errorMessage } from '../api/client.js';
import { ErrorText } from '../components/ErrorText.js';
import { booking, dayLabel, timeLabel, type GuestBooking, type PublicPage } from './bookApi.js';
import { BookingResult } from './BookingResult.js';
import { SlotPicker } from './SlotPicker.js';

export function BookingPage({ slug }: { slug: string }) {
  const [page, setPage] = useState<PublicPage | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [zone, setZone] = useState(Intl.DateTimeFormat().resolvedOptions().timeZone);
  const [duration, setDuration] = useState<number | null>(null);
  const [start, setStart] = useState<string | null>(null);
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [answers, setAnswers] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<GuestBooking | null>(null);
  const [version, setVersion] = useState(0);

  useEffect(() => {
    booking.page(slug).then((p) => { setPage(p); setDuration(p.durations[0] ?? 30); }, (err: unknown) => setError(errorMessage(err)));
  }, [slug]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!start || !duration) return;
    setBusy(true);
    setError(null);
    booking.book(slug, { start, duration, name, email, timeZone: zone, answers }).then(setDone, (err: unknown) => {
      setError(errorMessage(err));
      // Taken meanwhile: back to a fresh list of times.
      if (err instanceof ApiError && err.status === 409) { setStart(null); setVersion((v) => v + 1); }
    }).finally(() => setBusy(false));
  };

  if (done) return <main className="public-page"><BookingResult booking={done} /></main>;
  if (!page) return <main className="public-page">{error ? <p role="alert">{error}</p> : <p className="muted">Loading…</p>}</main>;
  return (
    <main className="public-page">
      <h1>{page.title}</h1>
      <p className="muted">with {page.ownerName} · {page.location}</p>
      {page.description && <p>{page.description}</p>}
      {!page.bookable ? <p role="alert">{page.notBookableReason}</p> : (
        <>
          {page.durations.length > 1 && (
            <label>
              Length
              <select value={duration ?? ''} onChange={(e) => { setDuration(Number(e.target.value)); setStart(null); }}>
                {page.durations.map((d) => <option key={d} value={d}>{d} minutes</option>)}
              </select>
            </label>
          )}
          {!start && duration && <SlotPicker slug={slug} duration={duration} zone={zone} onZone={setZone} onPick={setStart} version={version} />}
          {start && (
            <form onSubmit={submit} aria-label="Your details" className="form-grid">
              <p><strong>{dayLabel(start, zone)}, {timeLabel(start, zone)}</strong> ({zone}) <button type="button" onClick={() => setStart(null)}>Change</button></p>
              <label>Your name<input value={name} onChange={(e) => setName(e.target.value)} required maxLength={200} /></label>
              <label>Email<input type="email" value={email} onChange={(e) => setEmail(e.target.value)} required maxLength={254} /></label>
              {page.questions.map((q) => (
                <label key={q.id}>{q.label}<textarea value={answers[q.id] ?? ''} required={q.required} maxLength={2000} onChange={(e) => setAnswers({ ...answers, [q.id]: e.target.value })} /></label>
              ))}
              <button type="submit" className="primary" disabled={busy}>{busy ? 'Booking…' : 'Book'}</button>
            </form>
          )}
          <ErrorText error={error} />
        </>
      )}
    </main>
  );
}
