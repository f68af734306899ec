/** How far back and ahead the calendar is synced (CALENDAR_WINDOW_PAST_DAYS / _FUTURE_DAYS). */
export interface WindowSettings {
  pastDays: number;
  futureDays: number;
}

export const DEFAULT_WINDOW: WindowSettings = { pastDays: 90, futureDays: 365 };

export interface CalendarWindow {
  start: string;
  end: string;
}

const DAY = 86_400_000;

/**
 * The window as of `now`, aligned to UTC midnight: every run of one day asks for the same window,
 * so a cursor is only ever replaced when the day changes, never on every run.
 */
export function windowAt(now: number, s: WindowSettings): CalendarWindow {
  const today = Math.floor(now / DAY) * DAY;
  return { start: new Date(today - s.pastDays * DAY).toISOString(), end: new Date(today + s.futureDays * DAY).toISOString() };
}

/**
 * calendarView delta keeps the window its cursor was started with for ever: events that enter the
 * window later never come. A cursor whose window is more than a day behind is replaced by a full
 * round over the current window (its mark and sweep drops what left the window).
 */
export function windowOutdated(cursorWindowStart: string | null, now: number, s: WindowSettings): boolean {
  if (!cursorWindowStart) return true;
  return Date.parse(windowAt(now, s).start) - Date.parse(cursorWindowStart) > DAY;
}
