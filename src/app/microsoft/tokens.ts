import { isMicrosoftError, MicrosoftError, userMessage } from '../../microsoft/graph/errors.js';
import type { MicrosoftIntegration } from './integration.js';

/**
 * The access token for Graph calls on one account. A grant the identity platform refuses
 * (revoked, expired, password changed) puts THIS account into needs_reconnect; nothing else stops.
 */
export async function accessTokenFor(integration: MicrosoftIntegration, accountId: string, opts: { forceRefresh: boolean } = { forceRefresh: false }): Promise<string> {
  const account = await integration.accounts.byId(accountId);
  if (!account) throw new MicrosoftError('reauthRequired', 'this Microsoft account is not connected');
  // Known dead grants are not retried against Microsoft until the user reconnects.
  if (account.status === 'needs_reconnect') throw new MicrosoftError('reauthRequired', 'this Microsoft account needs to be reconnected');
  try {
    const token = await integration.auth.accessToken(integration.cacheKeyFor(account), undefined, opts);
    if (opts.forceRefresh) await integration.accounts.markRefreshed(account.id);
    return token;
  } catch (err) {
    if (isMicrosoftError(err, 'reauthRequired')) await markNeedsReconnect(integration, account.id, err);
    throw err;
  }
}

/** Records why the account stopped and tells its user's open pages; conditional so a disconnect is not undone. */
export async function markNeedsReconnect(integration: MicrosoftIntegration, accountId: string, err: MicrosoftError): Promise<void> {
  const account = await integration.accounts.byId(accountId);
  if (!account) return;
  const changed = await integration.accounts.setStatus(accountId, 'needs_reconnect', { kind: err.kind, message: userMessage('reauthRequired') }, ['active']);
  if (!changed) return;
  integration.log.warn({ accountId, kind: err.kind, code: err.code, aadsts: err.aadsts }, 'Microsoft account needs reconnect');
  try {
    await integration.live.publish({ type: 'microsoft.status', userId: account.userId, data: { status: 'needs_reconnect', message: userMessage('reauthRequired') } });
  } catch (e) {
    integration.log.warn({ err: e }, 'live event publish failed');
  }
}
