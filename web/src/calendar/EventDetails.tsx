/** An event's details: when, where, the Teams link, who organizes it and who is invited. */
import { Link } from '../router.js';
import type { CalendarEvent } from './calendarApi.js';
import { formatWhen } from './format.js';

const RESPONSE: Record<string, string> = {
  accepted: 'accepted',
  declined: 'declined',
  tentativelyAccepted: 'tentative',
  notResponded: 'no answer yet',
  none: 'no answer yet',
  organizer: 'organizer',
};

export function EventDetails({ event, timeZone }: { event: CalendarEvent; timeZone: string }) {
  return (
    <dl className="details event-details">
      <dt>When</dt>
      <dd data-testid="event-when">{formatWhen(event, timeZone)}</dd>
      {event.location && (
        <>
          <dt>Where</dt>
          <dd>{event.location}</dd>
        </>
      )}
      {event.joinUrl && (
        <>
          <dt>Teams</dt>
          <dd>
            <a href={event.joinUrl} target="_blank" rel="noreferrer">
              Join the Teams meeting
            </a>
          </dd>
        </>
      )}
      {event.organizer && (
        <>
          <dt>Organizer</dt>
          <dd>{event.organizer.name ? `${event.organizer.name} <${event.organizer.address}>` : event.organizer.address}</dd>
        </>
      )}
      <dt>Attendees</dt>
      <dd>
        {event.attendees.length ? (
          <ul className="attendee-list" aria-label="Attendees">
            {event.attendees.map((a) => (
              <li key={a.address}>
                {a.personId ? <Link to={`/people/${a.personId}`}>{a.name ?? a.address}</Link> : (a.name ?? a.address)}
                {a.name && <span className="muted"> {a.address}</span>}
                {a.response && <span className="muted"> · {RESPONSE[a.response] ?? a.response}</span>}
              </li>
            ))}
          </ul>
        ) : (
          'Nobody else'
        )}
      </dd>
      {event.notes && (
        <>
          <dt>Notes</dt>
          <dd className="pre">{event.notes}</dd>
        </>
      )}
      {!event.linkedToOutlook && (
        <>
          <dt>Outlook</dt>
          <dd className="muted">Not linked to an Outlook event.</dd>
        </>
      )}
    </dl>
  );
}
