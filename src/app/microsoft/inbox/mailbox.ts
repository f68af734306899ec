import { feature, missingScopes, type FeatureId } from '../../../microsoft/catalogue.js';
import type { MicrosoftAccount } from '../../../microsoft/accounts/accounts.js';
import type { AccountsRepository } from '../../../microsoft/accounts/accounts.js';
import { InboxError } from './errors.js';

/** Whose mailbox a request may touch: always and only the caller's own connected account. */
export interface Caller {
  userId: string;
  workspaceId: string;
}

export function hasFeature(account: MicrosoftAccount, id: FeatureId): boolean {
  return missingScopes(id, account.grantedScopes).length === 0;
}

export function requireFeature(account: MicrosoftAccount, id: FeatureId): void {
  if (hasFeature(account, id)) return;
  const f = feature(id);
  throw new InboxError(403, 'feature_not_granted', `Enable ${f.title} in Settings → Integrations → Microsoft 365 to use this.`);
}

/** The caller's account, or 409 not_connected; a disconnecting account is already gone for the inbox. */
export async function requireMailbox(accounts: AccountsRepository, caller: Caller, needs: FeatureId[] = ['mail']): Promise<MicrosoftAccount> {
  const account = await accounts.byUser(caller.userId);
  if (!account || account.status === 'disconnecting') {
    throw new InboxError(409, 'not_connected', 'Connect Microsoft 365 in Settings → Integrations to see your mail here.');
  }
  for (const id of needs) requireFeature(account, id);
  return account;
}
