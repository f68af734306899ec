/**
 * Whether this user can use the calendar, and with what: GET /api/calendar/settings (grant, Teams,
 * time zone) and the Microsoft 365 connection (the calendar feature's state, the account address).
 * Reloaded when the connection changes (microsoft.status) or the live stream reconnects.
 */
import { useCallback, useEffect, useState } from 'react';
import { ApiError, errorMessage } from '../api/client.js';
import { RECONNECTED, useLiveEvent } from '../live.js';
import { microsoft, type Connection, type Feature } from '../settings/microsoft/api.js';
import { calendar, type CalendarSettings } from './calendarApi.js';

export const CALENDAR_FEATURE = 'calendar';

export type AccessState = 'loading' | 'ready' | 'not_granted' | 'coming_soon' | 'not_connected' | 'unavailable' | 'error';

export interface CalendarAccess {
  state: AccessState;
  settings: CalendarSettings | null;
  /** The catalogue's calendar feature, when the connection could be read. */
  feature: Feature | null;
  /** The connected account's address: events it organizes are the user's to edit. */
  myAddress: string | null;
  error: string | null;
  /** The events API said the feature is not granted after all (a grant was revoked). */
  markNotGranted(): void;
}

/** The catalogue's feature state 'coming_soon' (Tandem does not offer it yet; nothing can enable it). */
function comingSoon(feature: Feature | null, settings: CalendarSettings | null): boolean {
  const f = feature as { state?: string } | null;
  return (settings as { comingSoon?: boolean } | null)?.comingSoon === true || f?.state === 'coming_soon';
}

export function isNotGranted(error: unknown): boolean {
  return error instanceof ApiError && error.code === 'feature_not_granted';
}

export function useCalendarAccess(): CalendarAccess {
  const [state, setState] = useState<AccessState>('loading');
  const [settings, setSettings] = useState<CalendarSettings | null>(null);
  const [conn, setConn] = useState<Connection | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    const connection = await microsoft.get().catch(() => null);
    setConn(connection);
    const feature = connection?.features.find((f) => f.id === CALENDAR_FEATURE) ?? null;
    if (comingSoon(feature, null)) return setState('coming_soon');
    if (connection?.status === 'not_connected') return setState('not_connected');
    // The connection knows the grant first-hand: a declined calendar needs no second opinion.
    if (feature && feature.state !== 'granted') return setState('not_granted');
    try {
      const s = await calendar.settings();
      setSettings(s);
      setError(null);
      setState(comingSoon(feature, s) ? 'coming_soon' : s.granted ? 'ready' : 'not_granted');
    } catch (err) {
      if (isNotGranted(err)) setState('not_granted');
      else if (err instanceof ApiError && err.code === 'not_connected') setState('not_connected');
      else if (err instanceof ApiError && err.status === 404) setState('unavailable');
      else {
        setError(errorMessage(err));
        setState('error');
      }
    }
  }, []);

  useEffect(() => void load(), [load]);
  useLiveEvent(['microsoft.status', RECONNECTED], () => void load());

  return {
    state,
    settings,
    feature: conn?.features.find((f) => f.id === CALENDAR_FEATURE) ?? null,
    myAddress: conn?.account?.username ?? null,
    error,
    markNotGranted: () => setState('not_granted'),
  };
}
