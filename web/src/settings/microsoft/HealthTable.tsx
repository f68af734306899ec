/** Per-resource sync health, as reported by the sync piece. Renders whatever fields are present. */
import { formatDateTime } from '../../components/format.js';
import type { ResourceHealth } from './api.js';

function rowsOf(health: unknown): ResourceHealth[] {
  if (Array.isArray(health)) return health as ResourceHealth[];
  const resources = (health as { resources?: unknown } | null)?.resources;
  return Array.isArray(resources) ? (resources as ResourceHealth[]) : [];
}

function stateText(h: ResourceHealth): string {
  if (h.state === 'initial') {
    if (typeof h.percent === 'number') return `Initial sync ${h.percent}%`;
    if (typeof h.itemsSynced === 'number') return `Initial sync (${h.itemsSynced} so far)`;
  }
  return ({ live: 'Live', polling: 'Polling', needs_reconnect: 'Needs reconnect', error: 'Error', initial: 'Initial sync' } as Record<string, string>)[h.state ?? ''] ?? h.state ?? '—';
}

const when = (iso: string | null | undefined) => (iso ? formatDateTime(iso) : '—');

export function HealthTable({ health }: { health: unknown }) {
  const rows = rowsOf(health);
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
        {rows.map((h, i) => (
          <tr key={`${h.resource ?? ''}-${h.name ?? i}`}>
            <td>{h.name ?? h.resource ?? '—'}</td>
            <td>{stateText(h)}</td>
            <td>{when(h.lastSuccessAt)}</td>
            <td>{when(h.subscriptionExpiresAt)}</td>
            <td>
              {h.notificationsReceived ?? 0} / {h.notificationsRejected ?? 0}
            </td>
            <td>{h.lastError ?? '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
