/** What the calendar says instead of events when it cannot show them, in plain words. */
import { ErrorText } from '../components/ErrorText.js';
import { Link } from '../router.js';
import { EnableCalendar } from './EnableCalendar.js';
import type { CalendarAccess } from './useCalendarAccess.js';

export function CalendarGate({ access, doing }: { access: CalendarAccess; doing: string }) {
  switch (access.state) {
    case 'loading':
      return <p className="empty">Loading…</p>;
    case 'coming_soon':
      return <p className="empty-state" data-testid="calendar-gate">The calendar is coming soon.</p>;
    case 'not_connected':
      return (
        <p className="empty-state" data-testid="calendar-gate">
          Connect Microsoft 365 in <Link to="/settings/integrations">Settings → Integrations</Link> to {doing}.
        </p>
      );
    case 'not_granted':
      return (
        <div className="card calendar-gate" data-testid="calendar-gate">
          <p>Tandem does not have access to your Outlook calendar, so it cannot {doing}.</p>
          <EnableCalendar feature={access.feature} />
        </div>
      );
    case 'unavailable':
      return <p className="empty-state" data-testid="calendar-gate">This Tandem server does not offer the calendar (no Microsoft 365 calendar service is set up).</p>;
    case 'error':
      return <ErrorText error={access.error ?? 'The calendar could not be loaded.'} />;
    default:
      return null;
  }
}
