/**
 * Per-resource sync health, as the sync piece reports it (GET /api/microsoft → health). The card
 * loads it once; this table keeps it current itself: it re-reads after mail changes (counters,
 * last sync) and, since the sync publishes no progress event, polls while an initial sync runs.
 */
import { useEffect, useMemo, useState } from 'react';
import { formatDateTime } from '../../components/format.js';
import { coalesce } from '../../inbox/coalesce.js';
import { useLiveEvent } from '../../live.js';
import { microsoft, type ResourceHealth, type SyncHealth } from './api.js';

const RESOURCE_LABEL: Record<string, string> = { mail: 'Mail', calendar: 'Calendar', contacts: 'Contacts', todo: 'To Do', files: 'Files' };

const STATE_LABEL: Record<ResourceHealth['state'], string> = {
  initial: 'Initial sync',
  live: 'Live',
  polling: 'Polling',
  needs_reconnect: 'Needs reconnect',
  error: 'Error',
};

function stateText(h: ResourceHealth): string {
  if (h.state !== 'initial') return STATE_LABEL[h.state] ?? h.state;
  const counts = h.itemsTotal !== null ? ` (${h.itemsSynced} / ${h.itemsTotal})` : ` (${h.itemsSynced} so far)`;
  return `${STATE_LABEL.initial} ${h.percent ?? 0}%${counts}`;
}

const when = (iso: string | null) => (iso ? formatDateTime(iso) : '—');

export function HealthTable({ health: loaded }: { health: SyncHealth | null }) {
  const [health, setHealth] = useState(loaded);
  useEffect(() => setHealth(loaded), [loaded]);
  const reload = useMemo(() => coalesce(async () => setHealth((await microsoft.get()).health)), []);
  useLiveEvent(['mail.changed'], reload);
  const importing = health?.resources.some((r) => r.state === 'initial') ?? false;
  useEffect(() => {
    if (!importing) return;
    const timer = setInterval(reload, 3000);
    return () => clearInterval(timer);
  }, [importing, reload]);

  const rows = health?.resources ?? [];
  if (!rows.length) return null;
  return (
    <table className="ms-health">
      <caption>Sync health</caption>
      <thead>
        <tr>
          <th scope="col">Resource</th>
          <th scope="col">State</th>
          <th scope="col">Last successful sync</th>
          <th scope="col">Subscription expires</th>
          <th scope="col">Notifications received / rejected</th>
          <th scope="col">Last error</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((h) => (
          <tr key={h.resource} data-resource={h.resource} data-state={h.state}>
            <td>{RESOURCE_LABEL[h.resource] ?? h.resource}</td>
            <td>
              <span className={`sync-state sync-state-${h.state}`}>{stateText(h)}</span>
              {h.state === 'polling' && h.modeReason && <span className="hint"> {h.modeReason}</span>}
            </td>
            <td>{when(h.lastSuccessAt)}</td>
            <td>{h.mode === 'polling' ? 'None (polling)' : when(h.subscriptionExpiresAt)}</td>
            <td>
              {h.notificationsReceived} / {h.notificationsRejected}
            </td>
            <td className={h.lastError ? 'ms-health-error' : undefined}>{h.lastError ?? '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
