/**
 * The Calendar page: a week or an agenda of the user's Outlook calendar, in the mailbox's time zone
 * (the browser's when unknown), kept live over SSE. ?view=week|agenda&date=YYYY-MM-DD say what to show.
 */
import { useState } from 'react';
import { ErrorText } from '../components/ErrorText.js';
import { navigate, useLocation } from '../router.js';
import { AgendaView } from './AgendaView.js';
import { CalendarGate } from './CalendarGate.js';
import { CalendarToolbar, type View } from './CalendarToolbar.js';
import { calendarZone } from './calendarZone.js';
import { EventPanel } from './EventPanel.js';
import { useCalendarChange } from './localChanges.js';
import { useCalendarAccess } from './useCalendarAccess.js';
import { useCalendarEvents } from './useCalendarEvents.js';
import { WeekView } from './WeekView.js';
import { addDays, dayStart, isDayKey, todayIn, weekStart } from './zone.js';

export function CalendarPage() {
  const { search } = useLocation();
  const access = useCalendarAccess();
  const { zone, description } = calendarZone(access.settings);
  const view: View = search.get('view') === 'agenda' ? 'agenda' : 'week';
  const today = todayIn(zone);
  const date = search.get('date');
  const first = weekStart(isDayKey(date) ? date : today);
  const days = Array.from({ length: 7 }, (_, i) => addDays(first, i));
  const ready = access.state === 'ready';
  const { events, loading, error, refresh } = useCalendarEvents(dayStart(first, zone), dayStart(addDays(first, 7), zone), ready, access.markNotGranted);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  useCalendarChange(refresh);

  const go = (next: { view?: View; date?: string }) => {
    const q = new URLSearchParams({ view: next.view ?? view, date: next.date ?? first });
    navigate(`/calendar?${q}`, { replace: true });
  };
  const selected = events.find((e) => e.id === selectedId) ?? null;

  return (
    <section className="calendar">
      <div className="page-head">
        <h1>Calendar</h1>
      </div>
      {!ready ? (
        <CalendarGate access={access} doing="show your calendar" />
      ) : (
        <>
          <CalendarToolbar
            view={view}
            first={first}
            last={days[6]!}
            zone={zone}
            zoneDescription={description}
            onView={(v) => go({ view: v })}
            onMove={(weeks) => go({ date: weeks === 0 ? weekStart(today) : addDays(first, 7 * weeks) })}
          />
          <ErrorText error={error} />
          {loading && !events.length && <p className="empty">Loading…</p>}
          <div className={`calendar-layout${selected ? ' with-panel' : ''}`}>
            {view === 'week' ? (
              <WeekView days={days} today={today} events={events} timeZone={zone} selectedId={selectedId} onSelect={setSelectedId} />
            ) : loading && !events.length ? null : (
              <AgendaView days={days} events={events} timeZone={zone} selectedId={selectedId} onSelect={setSelectedId} />
            )}
            {selected && (
              <EventPanel
                key={selected.id}
                event={selected}
                timeZone={zone}
                myAddress={access.myAddress}
                teams={{ available: access.settings?.teamsAvailable ?? false, reason: access.settings?.teamsReason ?? null }}
                onClose={() => setSelectedId(null)}
              />
            )}
          </div>
        </>
      )}
    </section>
  );
}
