/** The calendar API's own refusals, each with its HTTP status and code (the mail API's codes where they mean the same). */
export type CalendarErrorCode = 'not_connected' | 'feature_not_granted' | 'not_found' | 'validation_failed' | 'microsoft_unavailable';

export class CalendarError extends Error {
  constructor(readonly status: number, readonly code: CalendarErrorCode, message: string) {
    super(message);
    this.name = 'CalendarError';
  }
}

export const notFound = (): CalendarError => new CalendarError(404, 'not_found', 'calendar event not found');
export const invalid = (message: string): CalendarError => new CalendarError(400, 'validation_failed', message);
