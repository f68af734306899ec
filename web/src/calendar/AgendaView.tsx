/** The range's events as a list, day by day; days without events are left out. */
import type { CalendarEvent } from './calendarApi.js';
import { EventChip } from './EventChip.js';
import { allDayDays, formatDay } from './format.js';
import { dayOf } from './zone.js';

interface Props {
  days: string[];
  events: CalendarEvent[];
  timeZone: string;
  selectedId: string | null;
  onSelect(id: string): void;
}

function onDay(event: CalendarEvent, day: string, timeZone: string): boolean {
  if (event.isAllDay) return allDayDays(event).includes(day);
  const first = dayOf(new Date(event.start), timeZone);
  // An event ending exactly at midnight does not belong to the next day.
  const last = dayOf(new Date(new Date(event.end).getTime() - 1), timeZone);
  return first <= day && day <= (last < first ? first : last);
}

export function AgendaView({ days, events, timeZone, selectedId, onSelect }: Props) {
  const sorted = [...events].sort((a, b) => Number(b.isAllDay) - Number(a.isAllDay) || a.start.localeCompare(b.start));
  const groups = days.map((day) => ({ day, items: sorted.filter((e) => onDay(e, day, timeZone)) })).filter((g) => g.items.length);
  if (!groups.length) return <p className="empty">No events this week.</p>;
  return (
    <div className="agenda" role="region" aria-label="Agenda">
      {groups.map(({ day, items }) => (
        <section key={day} className="agenda-day" data-day={day}>
          <h2>{formatDay(day)}</h2>
          <ul>
            {items.map((e) => (
              <li key={e.id}>
                <EventChip event={e} timeZone={timeZone} selected={e.id === selectedId} onSelect={onSelect} />
              </li>
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}
