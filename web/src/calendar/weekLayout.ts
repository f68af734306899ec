/**
 * Where timed events sit in a day column: minutes from the day's wall-clock midnight (so a
 * 9:00 meeting is at 9:00 on a daylight-saving day too), clipped to the day, side by side when
 * they overlap.
 */
import type { CalendarEvent } from './calendarApi.js';
import { addDays, dayStart, wallAt } from './zone.js';

export interface Placed {
  event: CalendarEvent;
  /** minutes from midnight, 0..1440 */
  top: number;
  bottom: number;
  lane: number;
  lanes: number;
}

const minutesOf = (instant: Date, timeZone: string) => {
  const w = wallAt(instant, timeZone);
  return w.hour * 60 + w.minute;
};

export function placeDay(events: CalendarEvent[], day: string, timeZone: string): Placed[] {
  const from = dayStart(day, timeZone).getTime();
  const to = dayStart(addDays(day, 1), timeZone).getTime();
  const placed: Placed[] = [];
  for (const event of events) {
    if (event.isAllDay) continue;
    const s = new Date(event.start).getTime();
    const e = new Date(event.end).getTime();
    if (e <= from || s >= to || (s === e && s < from)) continue;
    const top = s <= from ? 0 : minutesOf(new Date(s), timeZone);
    const bottom = e >= to ? 1440 : Math.max(minutesOf(new Date(e), timeZone), top);
    placed.push({ event, top, bottom: Math.max(bottom, top + 15), lane: 0, lanes: 1 });
  }
  placed.sort((a, b) => a.top - b.top || b.bottom - a.bottom);
  // Overlapping events form clusters; each takes the first free lane of its cluster.
  let cluster: Placed[] = [];
  let clusterEnd = -1;
  const close = () => cluster.forEach((p) => (p.lanes = Math.max(...cluster.map((c) => c.lane)) + 1));
  for (const p of placed) {
    if (p.top >= clusterEnd) {
      close();
      cluster = [];
      clusterEnd = -1;
    }
    const laneEnds = new Map<number, number>();
    for (const c of cluster) laneEnds.set(c.lane, Math.max(laneEnds.get(c.lane) ?? 0, c.bottom));
    let lane = 0;
    while ((laneEnds.get(lane) ?? -1) > p.top) lane++;
    p.lane = lane;
    cluster.push(p);
    clusterEnd = Math.max(clusterEnd, p.bottom);
  }
  close();
  return placed;
}
