/**
 * What the Files panel shows instead of its buttons when OneDrive is not usable: "Enable OneDrive
 * files" (the same incremental consent as Settings → Integrations), or why nothing can be done yet.
 */
import { ErrorText } from '../components/ErrorText.js';
import { useAction } from '../hooks/useAction.js';
import { Link } from '../router.js';
import { goTo, microsoft } from '../settings/microsoft/api.js';
import { ONEDRIVE_FEATURE, type FilesAccessState } from './useFilesAccess.js';

export function EnableFiles({ state }: { state: FilesAccessState }) {
  const { busy, error, run } = useAction();
  const enable = () => void run(async () => goTo((await microsoft.enable(ONEDRIVE_FEATURE)).authorizeUrl), { keepBusy: true });
  switch (state) {
    case 'unavailable':
      return <p className="hint" data-testid="files-gate">Attaching OneDrive files is coming soon.</p>;
    case 'not_connected':
      return (
        <p className="hint" data-testid="files-gate">
          Connect Microsoft 365 in <Link to="/settings/integrations">Settings → Integrations</Link> to attach OneDrive files.
        </p>
      );
    case 'needs_reconnect':
      return (
        <p className="hint" data-testid="files-gate">
          Tandem lost access to your Microsoft 365 account. Reconnect it in <Link to="/settings/integrations">Settings → Integrations</Link> to attach
          and upload OneDrive files.
        </p>
      );
    case 'not_granted':
    case 'needs_admin_approval':
      return (
        <div className="files-gate" data-testid="files-gate">
          <p className="hint">
            {state === 'needs_admin_approval'
              ? 'Your organization requires an administrator to approve OneDrive access. Ask one to authorize it for the org in Settings → Integrations, then try again.'
              : 'Tandem has no access to your OneDrive, so it cannot attach, upload or create folders.'}
          </p>
          <button type="button" className="primary" disabled={busy} onClick={enable}>
            {state === 'needs_admin_approval' ? 'Try again' : 'Enable OneDrive files'}
          </button>
          <ErrorText error={error} />
        </div>
      );
    default:
      return null;
  }
}
