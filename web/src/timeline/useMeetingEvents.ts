/**
 * The calendar events behind a timeline's meeting activities, by activity id: one
 * GET /api/calendar/events over the span of the meetings shown, so a meeting scheduled in the CRM
 * or synced from Outlook shows its time range, attendees and Teams link. Without calendar access
 * (not connected, not granted) the map stays empty and meetings show what their activity carries.
 */
import { useEffect, useState } from 'react';
import type { Activity } from '../api/types.js';
import { calendar, type CalendarEvent } from '../calendar/calendarApi.js';

const DAY = 86_400_000;

export function useMeetingEvents(activities: Activity[], version: number): Map<string, CalendarEvent> {
  const [events, setEvents] = useState(new Map<string, CalendarEvent>());
  const times = activities.filter((a) => a.kind === 'meeting').map((a) => Date.parse(a.occurredAt)).filter((t) => !Number.isNaN(t));
  const from = times.length ? new Date(Math.min(...times) - DAY).toISOString() : null;
  const to = times.length ? new Date(Math.max(...times) + 2 * DAY).toISOString() : null;

  useEffect(() => {
    if (!from || !to) return;
    let current = true;
    calendar.events(from, to).then(
      (answer) => {
        if (!current) return;
        const byActivity = new Map<string, CalendarEvent>();
        for (const e of answer.items) if (e.activityId && !byActivity.has(e.activityId)) byActivity.set(e.activityId, e);
        setEvents(byActivity);
      },
      () => undefined, // no calendar access: the activities' own details are all there is
    );
    return () => {
      current = false;
    };
  }, [from, to, version]);

  return events;
}
