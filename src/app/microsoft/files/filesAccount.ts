import type { MicrosoftAccount } from '../../../microsoft/accounts/accounts.js';
import type { MicrosoftIntegration } from '../integration.js';
import { requireAccount, requireOneDrive, sharePointGranted, type Caller } from './access.js';

/**
 * The caller's account when it may read drive items at all: OneDrive granted, or SharePoint alone
 * (a library's items). Without either, the refusal names OneDrive, the feature that is enabled by
 * the user; readDrive then picks the grant that covers each item's drive.
 */
export async function requireFilesAccount(integration: MicrosoftIntegration, caller: Caller, doing: string): Promise<MicrosoftAccount> {
  const account = await requireAccount(integration, caller);
  return sharePointGranted(account) ? account : requireOneDrive(integration, caller, doing);
}
