import type { MicrosoftAccount } from '../../../microsoft/accounts/accounts.js';
import { isMicrosoftError } from '../../../microsoft/graph/errors.js';
import type { MicrosoftIntegration } from '../integration.js';
import { oneDriveGranted, sharePointGranted, withSharePoint } from './access.js';
import { FilesError } from './errors.js';

/**
 * Runs a read on a drive under the grant that covers it. No drive id is the user's OneDrive
 * (Files.ReadWrite). A drive id may be the OneDrive or a SharePoint library, which only Graph can
 * tell: Files.ReadWrite is tried first, and Graph's 403 then means the library needs Sites.Read.All,
 * whose refusal ("needs admin approval" or "enable") is the one the user sees.
 */
export async function readDrive<T>(integration: MicrosoftIntegration, account: MicrosoftAccount, driveId: string | undefined, call: () => Promise<T>): Promise<T> {
  if (!driveId) {
    if (!oneDriveGranted(account)) {
      throw new FilesError(403, 'feature_not_granted', 'Enable OneDrive files in Settings → Integrations → Microsoft 365 to browse your OneDrive.');
    }
    return call();
  }
  if (sharePointGranted(account) || !oneDriveGranted(account)) return withSharePoint(integration, account, call);
  try {
    return await call();
  } catch (err) {
    if (!isMicrosoftError(err, 'forbidden')) throw err;
    return withSharePoint(integration, account, call);
  }
}
