/**
 * A change made from this tab (schedule, edit, cancel) tells this tab's calendar views and
 * timelines at once, without waiting for the server's calendar.changed to come round over SSE.
 */
import { useEffect, useRef } from 'react';

const EVENT = 'tandem:calendar-local-change';

export function announceCalendarChange(): void {
  window.dispatchEvent(new Event(EVENT));
}

export function useCalendarChange(handler: () => void): void {
  const latest = useRef(handler);
  useEffect(() => {
    latest.current = handler;
  });
  useEffect(() => {
    const listener = () => latest.current();
    window.addEventListener(EVENT, listener);
    return () => window.removeEventListener(EVENT, listener);
  }, []);
}
