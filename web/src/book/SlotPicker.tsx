/** Free times for the next two weeks, grouped by day in the guest's zone (which the guest can change). */
import { useEffect, useState } from 'react';
import { errorMessage } from '../api/client.js';
import { ErrorText } from '../components/ErrorText.js';
import { booking, dayLabel, timeLabel } from './bookApi.js';

const DAY = 86_400_000;
const zones = (): string[] => {
  const all = (Intl as unknown as { supportedValuesOf?: (k: string) => string[] }).supportedValuesOf?.('timeZone') ?? [];
  return all.length ? all : ['UTC'];
};

interface Props {
  slug: string;
  duration: number;
  zone: string;
  onZone(zone: string): void;
  onPick(start: string): void;
  /** Bumped to fetch again (after "this time was just taken"). */
  version: number;
  except?: string;
}

export function SlotPicker({ slug, duration, zone, onZone, onPick, version, except }: Props) {
  const [slots, setSlots] = useState<string[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const from = new Date(Date.now()).toISOString();
    const to = new Date(Date.now() + 14 * DAY).toISOString();
    setSlots(null);
    booking.slots(slug, { from, to, duration, ...(except ? { except } : {}) }).then((r) => setSlots(r.slots), (err: unknown) => setError(errorMessage(err)));
  }, [slug, duration, version, except]);

  const byDay = new Map<string, string[]>();
  for (const s of slots ?? []) byDay.set(dayLabel(s, zone), [...(byDay.get(dayLabel(s, zone)) ?? []), s]);
  return (
    <div className="slot-picker">
      <label>
        Time zone
        <select value={zone} onChange={(e) => onZone(e.target.value)} aria-label="Time zone">
          {[...new Set([zone, ...zones()])].map((z) => <option key={z} value={z}>{z}</option>)}
        </select>
      </label>
      <ErrorText error={error} />
      {slots === null && !error && <p className="muted">Loading free times…</p>}
      {slots?.length === 0 && <p className="muted">No free times in the next two weeks.</p>}
      <div role="list" aria-label="Free times">
        {[...byDay].map(([day, times]) => (
          <div key={day} role="listitem" className="slot-day">
            <h3>{day}</h3>
            {times.map((t) => (
              <button key={t} type="button" data-start={t} onClick={() => onPick(t)}>{timeLabel(t, zone)}</button>
            ))}
          </div>
        ))}
      </div>
    </div>
  );
}
