/**
 * The side panel of a selected event: its details, and for events the user organizes, Edit and
 * Cancel. For an event of a series both first ask "this occurrence or the whole series?".
 */
import { useState } from 'react';
import { calendar, inSeries, type CalendarEvent, type Scope } from './calendarApi.js';
import { CancelMeeting } from './CancelMeeting.js';
import { EventDetails } from './EventDetails.js';
import { announceCalendarChange } from './localChanges.js';
import { fieldsOf, patchOf } from './meetingFields.js';
import { MeetingForm } from './MeetingForm.js';
import { ScopeChoice } from './ScopeChoice.js';

type Step = { kind: 'view' } | { kind: 'scope'; next: 'edit' | 'cancel' } | { kind: 'edit' | 'cancel'; scope: Scope | undefined };

interface Props {
  event: CalendarEvent;
  timeZone: string;
  myAddress: string | null;
  teams: { available: boolean; reason: string | null };
  onClose(): void;
}

/** Outlook lets the organizer change a meeting; an invitation from someone else is theirs. */
export function canEdit(event: CalendarEvent, myAddress: string | null): boolean {
  if (!event.linkedToOutlook || event.type === 'seriesMaster') return false;
  if (event.source === 'crm' || !event.organizer) return true;
  return !!myAddress && event.organizer.address.toLowerCase() === myAddress.toLowerCase();
}

export function EventPanel({ event, timeZone, myAddress, teams, onClose }: Props) {
  const [step, setStep] = useState<Step>({ kind: 'view' });
  const start = (next: 'edit' | 'cancel') => setStep(inSeries(event) ? { kind: 'scope', next } : { kind: next, scope: undefined });
  const before = fieldsOf(event, timeZone);
  const external = event.attendees.filter((a) => !a.personId).length;

  return (
    <aside className="card event-panel" aria-label="Event details">
      <div className="event-panel-head">
        <h2>{event.subject || '(no subject)'}</h2>
        <button type="button" className="link-button" aria-label="Close details" onClick={onClose}>
          ×
        </button>
      </div>
      {step.kind !== 'edit' && <EventDetails event={event} timeZone={timeZone} />}
      {step.kind === 'view' && canEdit(event, myAddress) && (
        <div className="actions">
          <button type="button" onClick={() => start('edit')}>Edit</button>
          <button type="button" className="danger" onClick={() => start('cancel')}>Cancel meeting</button>
        </div>
      )}
      {step.kind === 'view' && !canEdit(event, myAddress) && (
        <p className="hint">{event.linkedToOutlook ? 'Only the organizer can change this meeting.' : 'This event can no longer be changed from Tandem.'}</p>
      )}
      {step.kind === 'scope' && (
        <ScopeChoice action={step.next === 'edit' ? 'Edit' : 'Cancel'} onChoose={(scope) => setStep({ kind: step.next, scope })} onBack={() => setStep({ kind: 'view' })} />
      )}
      {step.kind === 'cancel' && <CancelMeeting event={event} scope={step.scope} onDone={onClose} onBack={() => setStep({ kind: 'view' })} />}
      {step.kind === 'edit' && (
        <MeetingForm
          label="Edit meeting"
          initial={before}
          timeZone={timeZone}
          teams={{ ...teams, alreadyOnline: event.isOnlineMeeting }}
          timesLockedReason={event.isAllDay ? 'An all-day event keeps its day here; change its day in Outlook.' : null}
          attendeesLockedReason={external ? `${external === 1 ? 'One invited guest is' : `${external} invited guests are`} not in the CRM, so change this meeting's attendees in Outlook.` : null}
          submitLabel="Save changes"
          onCancel={() => setStep({ kind: 'view' })}
          onSubmit={async (after) => {
            const patch = patchOf(before, after, timeZone, !event.isAllDay);
            if (Object.keys(patch).length) await calendar.update(event.id, { ...patch, ...(step.scope ? { scope: step.scope } : {}) });
            announceCalendarChange();
            setStep({ kind: 'view' });
          }}
        />
      )}
    </aside>
  );
}
