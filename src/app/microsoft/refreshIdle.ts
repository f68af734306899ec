import { isMicrosoftError } from '../../microsoft/graph/errors.js';
import type { MicrosoftIntegration } from './integration.js';

export const REFRESH_IDLE_JOB = 'microsoft.refreshIdle';

/**
 * Redeems the refresh token of every active account not refreshed for `idleAfterMs`, so a grant
 * nobody used for a while rolls forward instead of lapsing (AADSTS700082 after 90 idle days).
 * One account failing never stops the others.
 */
export async function refreshIdleAccounts(integration: MicrosoftIntegration, idleAfterMs: number): Promise<{ refreshed: number; failed: number }> {
  const before = new Date(Date.now() - idleAfterMs).toISOString();
  const accounts = await integration.accounts.list({ status: 'active', refreshedBefore: before });
  let refreshed = 0;
  let failed = 0;
  for (const account of accounts) {
    try {
      await integration.accessTokenFor(account.id, { forceRefresh: true });
      refreshed += 1;
    } catch (err) {
      failed += 1;
      // reauthRequired already marked the account; anything else is retried on the next run.
      if (!isMicrosoftError(err, 'reauthRequired')) integration.log.warn({ err, accountId: account.id }, 'idle refresh failed');
    }
  }
  return { refreshed, failed };
}
