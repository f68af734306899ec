/**
 * One timeline entry. Rendered generically by kind so that emails and meetings written by the
 * Microsoft integration later show without changes here.
 */
import type { Activity } from '../api/types.js';
import { formatDateTime, preview } from '../components/format.js';
import { MeetingDetails } from './MeetingDetails.js';
import { meetingOf, meetingOfEvent } from './meetingOf.js';
import type { CalendarEvent } from '../calendar/calendarApi.js';

const KIND_LABEL: Record<string, string> = { note: 'Note', email: 'Email', meeting: 'Meeting', task: 'Task' };

export function ActivityItem({ activity, event }: { activity: Activity; event?: CalendarEvent }) {
  const label = KIND_LABEL[activity.kind] ?? activity.kind;
  const isNote = activity.kind === 'note';
  const meeting = event ? meetingOfEvent(event) : meetingOf(activity);
  return (
    <li className={`activity activity-${activity.kind}`} data-activity-id={activity.id}>
      <div className="activity-head">
        <span className={`badge badge-${activity.kind}`}>{label}</span>
        {activity.title && <strong className="activity-title">{activity.title}</strong>}
        <time dateTime={activity.occurredAt} className="muted">
          {formatDateTime(activity.occurredAt)}
        </time>
        {activity.source?.type === 'microsoft' && <span className="muted">from Microsoft 365</span>}
        {activity.source?.type === 'outlook-event' && <span className="muted">from Outlook</span>}
      </div>
      {meeting && <MeetingDetails meeting={meeting} />}
      {activity.body && <p className="activity-body">{isNote ? activity.body : preview(activity.body)}</p>}
    </li>
  );
}
