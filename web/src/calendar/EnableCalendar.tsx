/**
 * "Enable" for a declined calendar: the same incremental consent as Settings → Integrations
 * (POST /api/microsoft/features/calendar/enable, then Microsoft's approval page, then back to Settings).
 */
import { ErrorText } from '../components/ErrorText.js';
import { useAction } from '../hooks/useAction.js';
import { goTo, microsoft, type Feature } from '../settings/microsoft/api.js';
import { CALENDAR_FEATURE } from './useCalendarAccess.js';

export function EnableCalendar({ feature }: { feature: Feature | null }) {
  const { busy, error, run } = useAction();
  const enable = () => void run(async () => goTo((await microsoft.enable(CALENDAR_FEATURE)).authorizeUrl), { keepBusy: true });
  const needsAdmin = feature?.state === 'needs_admin_approval';
  return (
    <div className="enable-calendar">
      {needsAdmin && (
        <p className="hint">Your organization requires an administrator to approve calendar access. Ask one to authorize it for the org in Settings → Integrations, then try again.</p>
      )}
      <button type="button" className="primary" disabled={busy} onClick={enable}>
        {needsAdmin ? 'Try again' : 'Enable'}
      </button>
      <p className="hint">Microsoft asks you to approve calendar access, then brings you back to Settings → Integrations.</p>
      <ErrorText error={error} />
    </div>
  );
}
