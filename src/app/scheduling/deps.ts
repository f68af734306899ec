import type { MicrosoftIntegration } from '../microsoft/integration.js';
import type { CalendarDeps } from '../microsoft/calendar/deps.js';

/** What the booking use cases need: the Microsoft integration (calendar write-back, mail) and its calendar piece. */
export interface SchedulingDeps {
  integration: MicrosoftIntegration;
  calendar: CalendarDeps;
  /** How long a guest's booking request waits for the meeting to be made before answering "pending". */
  answerWithinMs: number;
}

/** Tells the owner's open pages (bookings list, calendar, notifications); a failed publish only costs a refresh. */
export async function publishBookingChanged(deps: SchedulingDeps, userId: string, data: { bookingId: string; pageId: string; status: string }): Promise<void> {
  try {
    await deps.integration.live.publish({ type: 'booking.changed', userId, data });
  } catch (err) {
    deps.integration.log.warn({ err }, 'live event publish failed');
  }
}
