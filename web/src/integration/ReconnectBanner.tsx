/**
 * "Microsoft 365 needs reconnecting" above every page that shows synced data, with the button that
 * fixes it, so stale mail never passes for current. Settings has its own, fuller notice.
 */
import { useAction } from '../hooks/useAction.js';
import { useLocation } from '../router.js';
import { goTo, microsoft } from '../settings/microsoft/api.js';
import { useConnection } from './connection.js';
import { syncStatus } from './syncStatus.js';

export function ReconnectBanner() {
  const status = syncStatus(useConnection());
  const { pathname } = useLocation();
  const { busy, error, run } = useAction();
  if (status.kind !== 'reconnect' || pathname.startsWith('/settings')) return null;
  return (
    <div className="card reconnect-banner" role="alert" data-testid="reconnect-banner">
      <div>
        <strong>Microsoft 365 needs reconnecting.</strong>{' '}
        <span>Mail shown here is not being updated until you sign in to Microsoft again.</span>
        {error && <p className="error">{error}</p>}
      </div>
      <button type="button" className="primary" disabled={busy} onClick={() => void run(async () => goTo((await microsoft.reconnect()).authorizeUrl), { keepBusy: true })}>
        Reconnect
      </button>
    </div>
  );
}
