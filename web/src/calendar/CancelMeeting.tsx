/** Cancelling a meeting asks once more, then deletes it from Outlook (attendees get Outlook's cancellation). */
import { ErrorText } from '../components/ErrorText.js';
import { useAction } from '../hooks/useAction.js';
import { calendar, type CalendarEvent, type Scope } from './calendarApi.js';
import { announceCalendarChange } from './localChanges.js';

interface Props {
  event: CalendarEvent;
  scope: Scope | undefined;
  onDone(): void;
  onBack(): void;
}

export function CancelMeeting({ event, scope, onDone, onBack }: Props) {
  const { busy, error, run } = useAction();
  const what = scope === 'series' ? 'every meeting of this series' : scope === 'occurrence' ? 'this occurrence' : 'this meeting';
  const confirm = async () => {
    const ok = await run(() => calendar.cancel(event.id, scope));
    if (ok) {
      announceCalendarChange();
      onDone();
    }
  };
  return (
    <div className="confirm" role="group" aria-label="Confirm cancel">
      <span>
        Cancel {what}? It is removed from your Outlook calendar{event.attendees.length ? ' and attendees are told it is cancelled' : ''}.
      </span>
      <button type="button" className="danger" disabled={busy} onClick={() => void confirm()}>
        Yes, cancel it
      </button>
      <button type="button" disabled={busy} onClick={onBack}>
        Keep it
      </button>
      <ErrorText error={error} />
    </div>
  );
}
