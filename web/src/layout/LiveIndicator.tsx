/**
 * Whether what the screen shows keeps itself current right now. "Live" only when both hold: the
 * live-event stream is connected and the Microsoft 365 account (if any) is syncing normally.
 */
import { useConnection } from '../integration/connection.js';
import { syncStatus, type SyncStatus } from '../integration/syncStatus.js';
import { useLiveStatus, type LiveStatus } from '../live.js';

type Shown = { state: string; text: string; title: string };

function shown(stream: LiveStatus, sync: SyncStatus): Shown {
  if (stream === 'off') return { state: 'off', text: 'Offline', title: 'Not receiving live updates: reload the page to try again' };
  if (stream === 'connecting') return { state: 'connecting', text: 'Reconnecting…', title: 'Live updates paused while the connection to Tandem comes back' };
  switch (sync.kind) {
    case 'reconnect': return { state: 'reconnect', text: 'Reconnect needed', title: 'Microsoft 365 needs reconnecting: mail is not syncing' };
    case 'error': return { state: 'error', text: 'Sync failing', title: sync.message ?? 'Microsoft 365 sync is failing; Tandem keeps retrying' };
    case 'syncing': return { state: 'syncing', text: sync.percent !== null ? `Syncing ${sync.percent}%` : 'Syncing…', title: 'Importing your Microsoft 365 mail' };
    case 'disconnecting': return { state: 'disconnecting', text: 'Disconnecting…', title: 'Microsoft 365 is being disconnected' };
    default: return { state: 'open', text: 'Live', title: 'Changes from other tabs, teammates and Microsoft 365 show up by themselves' };
  }
}

export function LiveIndicator() {
  const s = shown(useLiveStatus(), syncStatus(useConnection()));
  return (
    <span className={`live live-${s.state}`} data-testid="live-status" data-state={s.state} title={s.title}>
      <span className="live-dot" aria-hidden="true" />
      {s.text}
    </span>
  );
}
