import { syncStates } from '../../../microsoft/sync/syncStates.js';
import { enqueueMailSync, type MailSync } from './context.js';
import { ensureSubscription, type SubscriptionOutcome } from './subscribe.js';

/**
 * The always-on periodic work, per active account: keep the subscription alive, poll while the
 * account has none (PUBLIC_URL cannot receive webhooks, or Graph refused the subscription), sweep
 * every folder every sweep interval, restart stale initial syncs. Whatever happens to the
 * subscription, polling, sweeps and the stale check still run; one account failing never stops the others.
 */
export class MailSyncTick {
  private readonly lastPoll = new Map<string, number>();

  constructor(private readonly s: MailSync) {}

  async run(): Promise<void> {
    const { integration } = this.s;
    const accounts = await integration.accounts.list({ status: 'active' });
    for (const account of accounts) {
      try {
        await this.account(account.id);
      } catch (err) {
        integration.log.warn({ err, accountId: account.id }, 'mail sync tick failed for one account');
      }
    }
  }

  private async account(accountId: string): Promise<void> {
    const { s } = this;
    let outcome: SubscriptionOutcome = 'none';
    try {
      outcome = await ensureSubscription(s, accountId);
    } catch (err) {
      // Only a dead grant or the database gets here; the account is then treated as unsubscribed.
      s.integration.log.warn({ err, accountId }, 'mail subscription check failed');
    }
    if (outcome === 'created') {
      // A new subscription may have missed changes: one round over every folder (it also covers the sweep).
      await enqueueMailSync(s, { accountId, all: true, folders: true }, `sweep:${accountId}`);
      return;
    }
    const now = Date.now();
    if (outcome === 'none' && now - (this.lastPoll.get(accountId) ?? 0) >= s.settings.pollMs) {
      this.lastPoll.set(accountId, now);
      await enqueueMailSync(s, { accountId, all: true }, `poll:${accountId}`);
    }
    const states = await syncStates.list(s.integration.database.db, accountId, s.resource.name);
    const oldest = states.length ? Math.min(...states.map((st) => (st.last_success_at ? Date.parse(st.last_success_at) : 0))) : 0;
    const stale = states.some((st) => st.phase === 'initial' && now - Date.parse(st.updated_at) > s.settings.staleMs);
    if (now - oldest >= s.settings.sweepMs || stale) {
      await enqueueMailSync(s, { accountId, all: true, folders: true }, `sweep:${accountId}`);
    }
  }
}
