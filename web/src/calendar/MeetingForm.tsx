/** Subject, day, start and end, attendees, location, notes and Teams: for a new meeting or an edit. */
import { useState, type FormEvent } from 'react';
import { ErrorText } from '../components/ErrorText.js';
import { useAction } from '../hooks/useAction.js';
import { usePeopleOptions } from '../hooks/usePeopleOptions.js';
import { AttendeePicker } from './AttendeePicker.js';
import { zoneLabel } from './format.js';
import type { MeetingFields } from './meetingFields.js';
import { TeamsOption } from './TeamsOption.js';

interface Props {
  label: string;
  initial: MeetingFields;
  timeZone: string;
  teams: { available: boolean; reason: string | null; alreadyOnline: boolean };
  /** Set for all-day events: the form then leaves their day alone and says why. */
  timesLockedReason?: string | null;
  attendeesLockedReason?: string | null;
  submitLabel: string;
  onSubmit(fields: MeetingFields): Promise<void>;
  onCancel(): void;
}

export function MeetingForm({ label, initial, timeZone, teams, timesLockedReason, attendeesLockedReason, submitLabel, onSubmit, onCancel }: Props) {
  const [f, setF] = useState<MeetingFields>(initial);
  const { people } = usePeopleOptions();
  const { busy, error, run } = useAction();
  const set = <K extends keyof MeetingFields>(key: K) => (value: MeetingFields[K]) => setF((prev) => ({ ...prev, [key]: value }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void run(() => onSubmit(f));
  };

  return (
    <form className="card form-grid meeting-form" onSubmit={submit} aria-label={label}>
      <label className="span-2">
        Subject
        <input required value={f.subject} onChange={(e) => set('subject')(e.target.value)} />
      </label>
      {timesLockedReason ? (
        <p className="hint span-2">{timesLockedReason}</p>
      ) : (
        <div className="meeting-times span-2">
          <label>
            Date
            <input type="date" required value={f.date} onChange={(e) => set('date')(e.target.value)} />
          </label>
          <label>
            Start
            <input type="time" required value={f.start} onChange={(e) => set('start')(e.target.value)} />
          </label>
          <label>
            End
            <input type="time" required value={f.end} onChange={(e) => set('end')(e.target.value)} />
          </label>
          <span className="hint">Times in {zoneLabel(timeZone)}</span>
        </div>
      )}
      <AttendeePicker people={people} selected={f.attendeeIds} onChange={set('attendeeIds')} lockedReason={attendeesLockedReason} />
      <label className="span-2">
        Location
        <input value={f.location} onChange={(e) => set('location')(e.target.value)} placeholder="Room, address or phone" />
      </label>
      <label className="span-2">
        Notes
        <textarea rows={3} value={f.notes} onChange={(e) => set('notes')(e.target.value)} />
      </label>
      <TeamsOption {...teams} checked={f.teams} onChange={set('teams')} />
      <ErrorText error={error} />
      <div className="actions span-2">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Saving…' : submitLabel}
        </button>
        <button type="button" onClick={onCancel} disabled={busy}>
          Close
        </button>
      </div>
    </form>
  );
}
