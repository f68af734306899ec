/** One event as the calendar lists it: subject, time and location open its details; Join opens Teams. */
import type { CSSProperties } from 'react';
import type { CalendarEvent } from './calendarApi.js';
import { formatRange } from './format.js';

interface Props {
  event: CalendarEvent;
  timeZone: string;
  selected: boolean;
  onSelect(id: string): void;
  style?: CSSProperties;
}

export function EventChip({ event, timeZone, selected, onSelect, style }: Props) {
  return (
    <div className={`event-chip${selected ? ' selected' : ''}`} style={style} data-event-id={event.id} data-testid="calendar-event">
      <button type="button" className="event-open" aria-expanded={selected} onClick={() => onSelect(event.id)}>
        <span className="event-subject">{event.subject || '(no subject)'}</span>
        <span className="event-time">{formatRange(event, timeZone)}</span>
        {event.location && <span className="event-location">{event.location}</span>}
      </button>
      {event.joinUrl && (
        <a className="event-join" href={event.joinUrl} target="_blank" rel="noreferrer">
          Join
        </a>
      )}
    </div>
  );
}
