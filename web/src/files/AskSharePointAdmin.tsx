/**
 * What a user sees on the SharePoint tab before SharePoint works for them: what to ask their
 * Microsoft 365 administrator for, where an administrator does it, and the server's own words.
 */
import type { ApiError } from '../api/client.js';
import { ErrorText } from '../components/ErrorText.js';
import { useAction } from '../hooks/useAction.js';
import { Link } from '../router.js';
import { goTo, microsoft } from '../settings/microsoft/api.js';
import { SHAREPOINT_FEATURE } from './useFilesAccess.js';

export function AskSharePointAdmin({ refusal }: { refusal: ApiError }) {
  const { busy, error, run } = useAction();
  const enable = () => void run(async () => goTo((await microsoft.enable(SHAREPOINT_FEATURE)).authorizeUrl), { keepBusy: true });
  return (
    <div className="notice sharepoint-gate" data-testid="sharepoint-gate">
      <p>
        SharePoint needs an administrator of your Microsoft 365 organization to approve it once for everyone (the “Read items in all site
        collections” permission, Sites.Read.All). Ask them to sign in to Tandem and click <strong>Authorize SharePoint for the org</strong> in
        Settings → Integrations. After that, everyone in your organization can attach SharePoint files here without another prompt.
      </p>
      <p className="hint">
        Are you an administrator? <Link to="/settings/integrations">Authorize SharePoint in Settings → Integrations</Link>.
      </p>
      <p className="hint">{refusal.message}</p>
      {/* Some organizations let people approve it themselves: worth a try unless the tenant already said no. */}
      {refusal.code === 'feature_not_granted' && (
        <button type="button" disabled={busy} onClick={enable}>
          Enable SharePoint for me
        </button>
      )}
      <ErrorText error={error} />
    </div>
  );
}
