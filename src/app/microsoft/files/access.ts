import type { MicrosoftAccount } from '../../../microsoft/accounts/accounts.js';
import { feature, isAvailable, missingScopes } from '../../../microsoft/catalogue.js';
import { isMicrosoftError } from '../../../microsoft/graph/errors.js';
import type { MicrosoftIntegration } from '../integration.js';
import { FilesError } from './errors.js';

export interface Caller {
  userId: string;
  workspaceId: string;
}

const SETTINGS = 'Settings → Integrations → Microsoft 365';

/** The caller's own connected account: every files call runs with the requesting user's token, never a colleague's. */
export async function requireAccount(integration: MicrosoftIntegration, caller: Caller): Promise<MicrosoftAccount> {
  const account = await integration.accounts.byUser(caller.userId);
  if (!account || account.status === 'disconnecting') {
    throw new FilesError(409, 'not_connected', `Connect Microsoft 365 in ${SETTINGS} to use OneDrive and SharePoint files.`);
  }
  if (account.status === 'needs_reconnect') {
    throw new FilesError(409, 'needs_reconnect', `Tandem lost access to your Microsoft 365 account. Reconnect it in ${SETTINGS}, then try again.`);
  }
  return account;
}

export const oneDriveGranted = (account: MicrosoftAccount): boolean => missingScopes('onedrive', account.grantedScopes).length === 0;
export const sharePointGranted = (account: MicrosoftAccount): boolean => missingScopes('sharepoint', account.grantedScopes).length === 0;

function notGranted(id: 'onedrive' | 'sharepoint', doing: string): FilesError {
  const f = feature(id);
  if (!isAvailable(id)) return new FilesError(403, 'feature_unavailable', `${f.title} is not available in Tandem yet.`);
  return new FilesError(403, 'feature_not_granted', `Enable ${f.title} in ${SETTINGS} to ${doing}.`);
}

/** The caller's account when it may read and write their OneDrive (Files.ReadWrite). */
export async function requireOneDrive(integration: MicrosoftIntegration, caller: Caller, doing = 'attach and upload OneDrive files'): Promise<MicrosoftAccount> {
  const account = await requireAccount(integration, caller);
  if (!oneDriveGranted(account)) throw notGranted('onedrive', doing);
  return account;
}

/**
 * Whether the account may read SharePoint (Sites.Read.All), and if not, the refusal the web can act
 * on: "needs_admin_approval" (the tenant refused this user; ask an admin, who has "Authorize
 * SharePoint for the org") or "feature_not_granted" (Enable it). 'orgApproved': an admin consented
 * for the whole tenant after this account's last sign-in, so its next token carries the scope with
 * no prompt; the call is tried with a fresh one.
 */
export async function sharePointAccess(integration: MicrosoftIntegration, account: MicrosoftAccount): Promise<'granted' | 'orgApproved'> {
  if (sharePointGranted(account)) return 'granted';
  const f = feature('sharepoint');
  if (!isAvailable('sharepoint')) throw notGranted('sharepoint', 'browse SharePoint');
  if ((await integration.tenantConsents.featuresFor(account.tenantId)).has('sharepoint')) return 'orgApproved';
  if ((await integration.adminBlocks.forAccount(account.id)).has('sharepoint')) {
    throw new FilesError(403, 'needs_admin_approval', `Your organization requires an administrator to approve ${f.title}. Ask your Microsoft 365 administrator to use "Authorize ${f.shortTitle} for the org" in ${SETTINGS}.`);
  }
  throw new FilesError(403, 'feature_not_granted', `Enable ${f.title} in ${SETTINGS} to browse SharePoint. Many organizations need an administrator to approve it first: if Microsoft says so, ask your administrator to use "Authorize ${f.shortTitle} for the org".`);
}

/**
 * Runs a SharePoint call under the account's grant. After the org's approval the token is
 * refreshed first (the identity platform adds the tenant-wide grant to it) and, once Graph has
 * answered, the account records the scope so Settings shows SharePoint as on.
 */
export async function withSharePoint<T>(integration: MicrosoftIntegration, account: MicrosoftAccount, call: () => Promise<T>): Promise<T> {
  const access = await sharePointAccess(integration, account);
  if (access === 'granted') return call();
  const refused = refreshRefused.get(account.id);
  // A fresh token that still lacked the scope is not asked for again on every click for a while.
  if (refused !== undefined && Date.now() - refused < REFRESH_RETRY_MS) throw orgApprovalNotReached();
  await integration.accessTokenFor(account.id, { forceRefresh: true });
  try {
    const result = await call();
    // Read again just before writing: a connect or enable may have changed the grant meanwhile.
    const now = await integration.accounts.byId(account.id);
    if (now) await integration.accounts.markRefreshed(account.id, [...new Set([...now.grantedScopes, ...feature('sharepoint').scopes])]);
    return result;
  } catch (err) {
    if (isMicrosoftError(err, 'forbidden')) {
      refreshRefused.set(account.id, Date.now());
      throw orgApprovalNotReached(err);
    }
    throw err;
  }
}

const REFRESH_RETRY_MS = 5 * 60_000;
const refreshRefused = new Map<string, number>();

const orgApprovalNotReached = (cause?: unknown) =>
  new FilesError(403, 'feature_not_granted', `Your administrator approved ${feature('sharepoint').title} for the org, but Microsoft did not give it to this connection yet. Use Enable in ${SETTINGS}.`, {}, cause);
