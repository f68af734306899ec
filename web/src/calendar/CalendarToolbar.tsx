/** Previous, today and next; week or agenda; the range shown and the zone its times are in. */
import { formatDay } from './format.js';

export type View = 'week' | 'agenda';

interface Props {
  view: View;
  first: string;
  last: string;
  zone: string;
  zoneDescription: string;
  onView(view: View): void;
  onMove(weeks: -1 | 0 | 1): void;
}

export function CalendarToolbar({ view, first, last, zone, zoneDescription, onView, onMove }: Props) {
  return (
    <div className="calendar-toolbar">
      <div className="actions">
        <button type="button" onClick={() => onMove(-1)} aria-label="Previous week">
          ‹ Previous
        </button>
        <button type="button" onClick={() => onMove(0)}>
          Today
        </button>
        <button type="button" onClick={() => onMove(1)} aria-label="Next week">
          Next ›
        </button>
        <strong className="calendar-range" data-testid="calendar-range">
          {formatDay(first, 'short')} – {formatDay(last, 'short')}
        </strong>
      </div>
      <div className="actions" role="group" aria-label="View">
        {(['week', 'agenda'] as const).map((v) => (
          <button key={v} type="button" aria-pressed={view === v} className={view === v ? 'primary' : undefined} onClick={() => onView(v)}>
            {v === 'week' ? 'Week' : 'Agenda'}
          </button>
        ))}
      </div>
      <p className="hint calendar-zone" data-testid="calendar-zone" data-zone={zone}>{zoneDescription}</p>
    </div>
  );
}
