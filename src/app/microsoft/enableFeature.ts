import { feature, featuresGranted, isAvailable, isFeatureId, missingScopes } from '../../microsoft/catalogue.js';
import type { MicrosoftIntegration } from './integration.js';
import { assertAvailable, ConnectError, startSignIn } from './connect.js';

/** Incremental consent: asks Microsoft for just this feature's scopes on the connected account. */
export async function startEnableFeature(integration: MicrosoftIntegration, who: { userId: string; workspaceId: string }, featureId: string): Promise<string> {
  if (!isFeatureId(featureId)) throw new ConnectError('unknownFeature', `unknown feature "${featureId}"`);
  assertAvailable(featureId);
  const account = await integration.accounts.byUser(who.userId);
  if (!account) throw new ConnectError('notConnected', 'connect Microsoft 365 first');
  if (account.status === 'disconnecting') throw new ConnectError('disconnecting', 'this connection is being removed');
  if (missingScopes(feature(featureId), account.grantedScopes).length === 0) throw new ConnectError('alreadyGranted', `"${feature(featureId).title}" is already enabled`);
  return startSignIn(integration, who, 'enable', ['signIn', featureId], { loginHint: account.username, accountId: account.id });
}

/**
 * Reconnect after a lost grant: the same features as before, letting the user pick the account
 * again. An older grant of a coming-soon feature is not asked for again; Microsoft keeps it anyway.
 */
export async function startReconnect(integration: MicrosoftIntegration, who: { userId: string; workspaceId: string }): Promise<string> {
  const account = await integration.accounts.byUser(who.userId);
  if (!account) throw new ConnectError('notConnected', 'connect Microsoft 365 first');
  if (account.status === 'disconnecting') throw new ConnectError('disconnecting', 'this connection is being removed');
  return startSignIn(integration, who, 'reconnect', featuresGranted(account.grantedScopes).filter(isAvailable), {
    loginHint: account.username, prompt: 'select_account', accountId: account.id,
  });
}
