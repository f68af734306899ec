/** What the account's sync amounts to, in the words the header and the banner use. */
import type { ConnectionState } from './connection.js';

export type SyncStatus =
  | { kind: 'unknown' | 'none' | 'live' | 'disconnecting' }
  | { kind: 'reconnect'; message: string | null }
  | { kind: 'error'; message: string | null }
  | { kind: 'syncing'; percent: number | null };

export function syncStatus(c: ConnectionState): SyncStatus {
  if (c === undefined) return { kind: 'unknown' };
  if (c === null || c.status === 'not_connected') return { kind: 'none' };
  if (c.status === 'disconnecting') return { kind: 'disconnecting' };
  const resources = c.health?.resources ?? [];
  if (c.status === 'needs_reconnect' || resources.some((r) => r.state === 'needs_reconnect')) {
    return { kind: 'reconnect', message: c.statusMessage ?? resources.find((r) => r.lastError)?.lastError ?? null };
  }
  const failing = resources.find((r) => r.state === 'error');
  if (failing) return { kind: 'error', message: failing.lastError };
  const initial = resources.find((r) => r.state === 'initial');
  if (initial) return { kind: 'syncing', percent: initial.percent };
  return { kind: 'live' };
}

/** True when the account can be asked for `feature` right now: connected, active, and granted. */
export function canUse(c: ConnectionState, feature: string): boolean {
  return !!c && c.status === 'active' && c.features.some((f) => f.id === feature && f.state === 'granted');
}
