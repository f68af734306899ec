/**
 * "Schedule meeting" on a person or company page: the meeting goes into the user's Outlook
 * calendar through POST /api/calendar/events, linked to the record so it shows on its timeline.
 * The calendar's settings are read only once the user opens the form.
 */
import { useState } from 'react';
import { calendar } from './calendarApi.js';
import { CalendarGate } from './CalendarGate.js';
import { calendarZone } from './calendarZone.js';
import { formatWhen } from './format.js';
import { announceCalendarChange } from './localChanges.js';
import { createInput, newMeetingFields } from './meetingFields.js';
import { MeetingForm } from './MeetingForm.js';
import { useCalendarAccess } from './useCalendarAccess.js';

interface Props {
  personId?: string;
  companyId?: string;
}

export function ScheduleMeeting(props: Props) {
  const [open, setOpen] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  if (open) {
    return (
      <ScheduleForm
        {...props}
        onClose={(message) => {
          setOpen(false);
          setDone(message);
        }}
      />
    );
  }
  return (
    <div className="schedule-meeting">
      <button type="button" onClick={() => setOpen(true)}>
        Schedule meeting
      </button>
      {done && <p className="hint" role="status">{done}</p>}
    </div>
  );
}

function ScheduleForm({ personId, companyId, onClose }: Props & { onClose(done: string | null): void }) {
  const access = useCalendarAccess();
  const { zone } = calendarZone(access.settings);
  if (access.state !== 'ready') {
    return (
      <div className="schedule-meeting">
        <CalendarGate access={access} doing="schedule meetings" />
        <button type="button" onClick={() => onClose(null)}>Close</button>
      </div>
    );
  }
  return (
    <div className="schedule-meeting">
      <MeetingForm
        label="Schedule meeting"
        initial={newMeetingFields(zone, personId ? [personId] : [])}
        timeZone={zone}
        teams={{ available: access.settings?.teamsAvailable ?? false, reason: access.settings?.teamsReason ?? null, alreadyOnline: false }}
        submitLabel="Schedule"
        onCancel={() => onClose(null)}
        onSubmit={async (fields) => {
          const event = await calendar.create(createInput(fields, zone, { personId, companyId }));
          announceCalendarChange();
          const where = event.linkedToOutlook ? 'it is in your Outlook calendar' : 'it is on its way to your Outlook calendar';
          onClose(`Scheduled “${event.subject}” for ${formatWhen(event, zone)}; ${where}.`);
        }}
      />
    </div>
  );
}
