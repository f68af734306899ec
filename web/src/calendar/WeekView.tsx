/** Seven day columns with an all-day row and an hour grid; events placed by their time in the zone. */
import { useEffect, useRef, type CSSProperties } from 'react';
import type { CalendarEvent } from './calendarApi.js';
import { EventChip } from './EventChip.js';
import { allDayDays, formatDay } from './format.js';
import { placeDay } from './weekLayout.js';

const HOUR_PX = 44;
const HOURS = Array.from({ length: 24 }, (_, h) => h);

interface Props {
  days: string[];
  today: string;
  events: CalendarEvent[];
  timeZone: string;
  selectedId: string | null;
  onSelect(id: string): void;
}

const hourLabel = (h: number) => new Date(Date.UTC(2000, 0, 1, h)).toLocaleTimeString(undefined, { timeZone: 'UTC', hour: 'numeric' });

export function WeekView({ days, today, events, timeZone, selectedId, onSelect }: Props) {
  const body = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (body.current) body.current.scrollTop = 7 * HOUR_PX; // the working day in view
  }, []);
  const allDay = events.filter((e) => e.isAllDay);
  const chip = (event: CalendarEvent, style?: CSSProperties) => (
    <EventChip key={event.id} event={event} timeZone={timeZone} selected={event.id === selectedId} onSelect={onSelect} style={style} />
  );

  return (
    <div className="week" role="region" aria-label="Week">
      <div className="week-row week-head">
        <div className="week-gutter" />
        {days.map((d) => (
          <div key={d} className={`week-day-head${d === today ? ' today' : ''}`} data-day={d}>
            {formatDay(d, 'short')}
          </div>
        ))}
      </div>
      <div className="week-row week-allday">
        <div className="week-gutter">All day</div>
        {days.map((d) => (
          <div key={d} className="week-allday-cell" data-day={d}>
            {allDay.filter((e) => allDayDays(e).includes(d)).map((e) => chip(e))}
          </div>
        ))}
      </div>
      <div className="week-body" ref={body}>
        <div className="week-row" style={{ height: 24 * HOUR_PX }}>
          <div className="week-gutter week-hours">
            {HOURS.map((h) => (
              <span key={h} style={{ top: h * HOUR_PX }}>{h ? hourLabel(h) : ''}</span>
            ))}
          </div>
          {days.map((d) => (
            <div key={d} className={`week-col${d === today ? ' today' : ''}`} data-day={d}>
              {placeDay(events, d, timeZone).map((p) =>
                chip(p.event, {
                  top: (p.top / 60) * HOUR_PX,
                  height: ((p.bottom - p.top) / 60) * HOUR_PX,
                  left: `${(p.lane / p.lanes) * 100}%`,
                  width: `${100 / p.lanes}%`,
                }),
              )}
            </div>
          ))}
        </div>
      </div>
    </div>
  );
}
