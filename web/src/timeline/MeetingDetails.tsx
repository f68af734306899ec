/** A meeting on a timeline: when (in this browser's zone), where, who, and the Teams join link. */
import { Link } from '../router.js';
import type { MeetingInfo } from './meetingOf.js';

function when(m: MeetingInfo): string | null {
  if (!m.start) return null;
  const start = new Date(m.start);
  if (m.isAllDay) return `${new Date(`${m.start.slice(0, 10)}T12:00:00Z`).toLocaleDateString(undefined, { timeZone: 'UTC', dateStyle: 'medium' })}, all day`;
  const day = start.toLocaleDateString(undefined, { dateStyle: 'medium' });
  const time = (d: Date) => d.toLocaleTimeString(undefined, { hour: 'numeric', minute: '2-digit' });
  if (!m.end) return `${day}, ${time(start)}`;
  const end = new Date(m.end);
  const sameDay = end.toLocaleDateString(undefined, { dateStyle: 'medium' }) === day;
  return sameDay ? `${day}, ${time(start)} – ${time(end)}` : `${day}, ${time(start)} – ${end.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })}`;
}

export function MeetingDetails({ meeting }: { meeting: MeetingInfo }) {
  const range = when(meeting);
  return (
    <div className="meeting-details">
      {meeting.cancelled && <p className="overdue">Cancelled</p>}
      {range && <p className="meeting-when" data-testid="meeting-when">{range}</p>}
      {meeting.location && <p className="muted">{meeting.location}</p>}
      {meeting.participants.length > 0 && (
        <p className="meeting-people">
          With{' '}
          {meeting.participants.map((p, i) => (
            <span key={`${p.address ?? p.name}-${i}`}>
              {i > 0 && ', '}
              {p.personId ? <Link to={`/people/${p.personId}`}>{p.name ?? p.address}</Link> : (p.name ?? p.address)}
            </span>
          ))}
        </p>
      )}
      {meeting.joinUrl && (
        <a className="event-join" href={meeting.joinUrl} target="_blank" rel="noreferrer">
          Join Teams meeting
        </a>
      )}
    </div>
  );
}
