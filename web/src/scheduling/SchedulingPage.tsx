/**
 * Scheduling pages (/scheduling): the owner's booking pages, their public links and their bookings,
 * kept live as guests book (booking.changed).
 */
import { useCallback, useEffect, useState } from 'react';
import { errorMessage } from '../api/client.js';
import { ErrorText } from '../components/ErrorText.js';
import { Toast, useNotice } from '../components/Toast.js';
import { useAction } from '../hooks/useAction.js';
import { useLiveEvent } from '../live.js';
import { PageBookings } from './PageBookings.js';
import { PageForm } from './PageForm.js';
import { scheduling, type SchedulingOptions, type SchedulingPageView } from './schedulingApi.js';

export function SchedulingPage() {
  const [pages, setPages] = useState<SchedulingPageView[] | null>(null);
  const [options, setOptions] = useState<SchedulingOptions | null>(null);
  const [creating, setCreating] = useState(false);
  const [version, setVersion] = useState(0);
  const [notice, notify] = useNotice();
  const { busy, error, setError, run } = useAction();

  const load = useCallback(() => {
    Promise.all([scheduling.pages(), scheduling.options()]).then(([p, o]) => {
      setPages(p.items);
      setOptions(o);
    }, (err: unknown) => setError(errorMessage(err)));
  }, [setError]);
  useEffect(load, [load]);
  // The shell's BookingNotifier tells the owner; this page refreshes its lists.
  useLiveEvent(['booking.changed'], () => setVersion((v) => v + 1));

  const toggle = (p: SchedulingPageView) => void run(async () => {
    await scheduling.update(p.id, { enabled: !p.enabled });
    load();
  });
  const copy = (p: SchedulingPageView) => void navigator.clipboard?.writeText(p.publicUrl).then(() => notify('Link copied.'), () => notify(p.publicUrl));

  return (
    <section>
      <div className="page-head">
        <h1>Scheduling pages</h1>
        {!creating && options && <button type="button" className="primary" onClick={() => setCreating(true)}>New page</button>}
      </div>
      <ErrorText error={error} />
      {creating && options && <PageForm options={options} onCreated={() => { setCreating(false); load(); }} />}
      {pages && pages.length === 0 && !creating && <p className="muted">No scheduling pages yet. Create one and share its link.</p>}
      <ul className="plain" aria-label="Scheduling pages">
        {pages?.map((p) => (
          <li key={p.id} className="card" data-slug={p.slug}>
            <h2>{p.title}</h2>
            <p className="muted">
              <a href={p.publicUrl} target="_blank" rel="noreferrer">{p.publicUrl}</a> · {p.durations.join(' / ')} min ·{' '}
              {p.location.kind === 'teams' ? 'Microsoft Teams' : p.location.kind === 'inPerson' ? 'In person' : 'Phone'} · {p.enabled ? 'On' : 'Off'}
            </p>
            <button type="button" onClick={() => copy(p)}>Copy link</button>{' '}
            <button type="button" disabled={busy} onClick={() => toggle(p)}>{p.enabled ? 'Disable' : 'Enable'}</button>
            <PageBookings pageId={p.id} version={version} onChanged={() => setVersion((v) => v + 1)} />
          </li>
        ))}
      </ul>
      <Toast notice={notice} />
    </section>
  );
}
