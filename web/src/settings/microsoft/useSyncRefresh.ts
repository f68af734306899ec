/**
 * Keeps the card's sync health current: the connection is loaded once, so it is re-read after
 * synced data changes (counters, last sync) and, since the sync publishes no progress event,
 * polled while an initial sync runs.
 */
import { useEffect, useMemo } from 'react';
import { coalesce } from '../../inbox/coalesce.js';
import { useLiveEvent } from '../../live.js';
import type { SyncHealth } from './api.js';

export function useSyncRefresh(health: SyncHealth | null, reload: () => Promise<unknown>): void {
  const again = useMemo(() => coalesce(reload), [reload]);
  useLiveEvent(['mail.changed', 'calendar.changed'], again);
  const importing = health?.resources.some((r) => r.state === 'initial') ?? false;
  useEffect(() => {
    if (!importing) return;
    const timer = setInterval(again, 3000);
    return () => clearInterval(timer);
  }, [importing, again]);
}
