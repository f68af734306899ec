/**
 * The events of the visible range, refetched whenever the server says synced events changed
 * (calendar.changed), the live stream reconnects, or the user changes one here. A burst of
 * changes (an initial sync) costs at most two requests (inbox/coalesce.ts).
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { errorMessage } from '../api/client.js';
import { coalesce } from '../inbox/coalesce.js';
import { RECONNECTED, useLiveEvent } from '../live.js';
import { calendar, type CalendarEvent } from './calendarApi.js';
import { isNotGranted } from './useCalendarAccess.js';

export interface EventsState {
  events: CalendarEvent[];
  loading: boolean;
  error: string | null;
  refresh(): void;
}

export function useCalendarEvents(start: Date, end: Date, enabled: boolean, onNotGranted: () => void): EventsState {
  const [events, setEvents] = useState<CalendarEvent[]>([]);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const range = `${start.toISOString()}/${end.toISOString()}`;
  const current = useRef(range);
  current.current = range;
  const notGranted = useRef(onNotGranted);
  notGranted.current = onNotGranted;

  const load = useCallback(async () => {
    const [from = '', to = ''] = range.split('/');
    try {
      const answer = await calendar.events(from, to);
      if (current.current !== range) return; // the user moved on to another week meanwhile
      setEvents(answer.items);
      setError(null);
    } catch (err) {
      if (isNotGranted(err)) notGranted.current();
      else setError(errorMessage(err));
    } finally {
      setLoading(false);
    }
  }, [range]);

  const refresh = useMemo(() => coalesce(load), [load]);
  useEffect(() => {
    if (!enabled) return;
    setLoading(true);
    refresh();
  }, [enabled, refresh]);
  useLiveEvent(['calendar.changed', RECONNECTED], () => {
    if (enabled) refresh();
  });

  return { events, loading, error, refresh };
}
