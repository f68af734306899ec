/**
 * Whether this user can sync tasks with Microsoft To Do: the To Do feature's state in their
 * Microsoft 365 connection. Reloaded when the connection changes or the live stream reconnects.
 */
import { useCallback, useEffect, useState } from 'react';
import { RECONNECTED, useLiveEvent } from '../live.js';
import { microsoft, type Feature } from '../settings/microsoft/api.js';

export const TODO_FEATURE = 'todo';

export type TodoAccess = 'loading' | 'granted' | 'not_granted' | 'not_connected' | 'unavailable';

export function useTodoAccess(): { access: TodoAccess; feature: Feature | null } {
  const [access, setAccess] = useState<TodoAccess>('loading');
  const [feature, setFeature] = useState<Feature | null>(null);
  const load = useCallback(async () => {
    const connection = await microsoft.get().catch(() => null);
    const f = connection?.features.find((x) => x.id === TODO_FEATURE) ?? null;
    setFeature(f);
    if (!connection || !f || (f as { state?: string }).state === 'coming_soon') return setAccess('unavailable');
    if (connection.status === 'not_connected') return setAccess('not_connected');
    setAccess(f.state === 'granted' ? 'granted' : 'not_granted');
  }, []);
  useEffect(() => void load(), [load]);
  useLiveEvent(['microsoft.status', RECONNECTED], () => void load());
  return { access, feature };
}
