/** Per-resource sync health, as the sync engine reports it (GET /api/microsoft → health). */
import { formatDateTime } from '../../components/format.js';
import type { SyncHealth } from './api.js';
import { RESOURCE_LABEL, stateText } from './syncState.js';

const when = (iso: string | null) => (iso ? formatDateTime(iso) : '—');

export function HealthTable({ health }: { health: SyncHealth | null }) {
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
              {h.state === 'initial' && (
                // Indeterminate when the resource has no total to measure against.
                <progress max={100} value={h.itemsTotal !== null ? (h.percent ?? 0) : undefined} aria-label={`Initial ${RESOURCE_LABEL[h.resource] ?? h.resource} sync`} />
              )}
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
