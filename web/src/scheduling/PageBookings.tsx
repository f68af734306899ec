/** A page's bookings, newest state first; the owner can cancel a confirmed one (the guest is told). */
import { useEffect, useState } from 'react';
import { errorMessage } from '../api/client.js';
import { ErrorText } from '../components/ErrorText.js';
import { useAction } from '../hooks/useAction.js';
import { scheduling, type BookingView } from './schedulingApi.js';

const STATUS: Record<string, string> = { pending: 'Being confirmed', confirmed: 'Confirmed', failed: 'Failed', cancelled: 'Cancelled' };
const when = (iso: string) => new Date(iso).toLocaleString(undefined, { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });

export function PageBookings({ pageId, version, onChanged }: { pageId: string; version: number; onChanged(): void }) {
  const [items, setItems] = useState<BookingView[] | null>(null);
  const { busy, error, setError, run } = useAction();
  useEffect(() => {
    scheduling.bookings(pageId).then((r) => setItems(r.items), (err: unknown) => setError(errorMessage(err)));
  }, [pageId, version, setError]);

  if (!items) return null;
  if (!items.length) return <p className="muted">No bookings yet.</p>;
  return (
    <>
      <ErrorText error={error} />
      <table className="bookings" aria-label="Bookings">
        <thead><tr><th>When</th><th>Guest</th><th>Status</th><th /></tr></thead>
        <tbody>
          {items.map((b) => (
            <tr key={b.id} data-status={b.status}>
              <td>{when(b.start)}</td>
              <td>{b.guest.name} &lt;{b.guest.email}&gt;</td>
              <td>
                {STATUS[b.status] ?? b.status}
                {b.problem && <div className="hint">{b.problem}</div>}
              </td>
              <td>
                {b.status === 'confirmed' && (
                  <button type="button" disabled={busy} onClick={() => void run(async () => { await scheduling.cancel(b.id); onChanged(); })}>Cancel</button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
