/**
 * One shared view of GET /api/microsoft for every screen that shows synced data or calls a
 * feature of the account: the header's status, the reconnect banner, the inbox's import bar and
 * the out-of-office badges. It refreshes on the live events that change it, while the import runs
 * (the sync publishes no progress event) and every half minute otherwise, since a sync failure
 * publishes nothing either.
 */
import { useSyncExternalStore } from 'react';
import { api, ApiError } from '../api/client.js';
import { RECONNECTED, subscribe } from '../live.js';
import type { Connection } from '../settings/microsoft/api.js';

/** undefined: not known yet; null: this server has no Microsoft 365 integration. */
export type ConnectionState = Connection | null | undefined;

let current: ConnectionState;
const listeners = new Set<() => void>();
let running = false;
let again = false;
let timer: ReturnType<typeof setTimeout> | null = null;
let unsubscribeLive: (() => void) | null = null;

const importing = (c: ConnectionState) => !!c?.health?.resources.some((r) => r.state === 'initial');

function set(next: ConnectionState): void {
  current = next;
  for (const l of listeners) l();
}

function schedule(): void {
  if (timer) clearTimeout(timer);
  // A server without the integration has nothing that could change: no polling there.
  timer = listeners.size && current !== null ? setTimeout(refreshConnection, importing(current) ? 2000 : 30_000) : null;
}

/** Re-reads the connection; calls during a read cause one more read after it, not one each. */
export function refreshConnection(): void {
  if (running) {
    again = true;
    return;
  }
  running = true;
  again = false;
  api.get<Connection>('/api/microsoft')
    .then(set, (err: unknown) => {
      // No integration on this server: nothing to show. Anything else keeps the last known view.
      if (err instanceof ApiError && err.status === 404) set(null);
    })
    .finally(() => {
      running = false;
      if (again) refreshConnection();
      else schedule();
    });
}

function listen(listener: () => void): () => void {
  listeners.add(listener);
  if (listeners.size === 1) {
    unsubscribeLive = subscribe(['microsoft.status', 'mail.changed', RECONNECTED], (_data, type) => {
      // mail.changed matters only for the import's progress; a finished sync needs no re-read per message.
      if (type !== 'mail.changed' || importing(current)) refreshConnection();
    });
    refreshConnection();
  }
  return () => {
    listeners.delete(listener);
    if (!listeners.size) {
      unsubscribeLive?.();
      unsubscribeLive = null;
      if (timer) clearTimeout(timer);
      timer = null;
    }
  };
}

export function useConnection(): ConnectionState {
  return useSyncExternalStore(listen, () => current);
}

/** Forgets the view, e.g. on sign-out or a workspace switch (another user's or workspace's account). */
export function resetConnection(): void {
  set(undefined);
  if (listeners.size) refreshConnection();
}
