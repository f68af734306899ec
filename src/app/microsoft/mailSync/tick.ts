import { syncStates } from '../../../microsoft/sync/syncStates.js';
import { enqueueMailSync, type MailSync } from './context.js';
import { ensureSubscription } from './subscribe.js';

/**
 * The always-on periodic work, per active account: keep the subscription alive (push mode), poll
 * (polling mode), sweep every folder every sweep interval, restart stale initial syncs. One account
 * failing never stops the others.
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
    const now = Date.now();
    const mode = s.integration.webhookMode().mode;
    if (mode === 'push') {
      if ((await ensureSubscription(s, accountId)) === 'created') {
        await enqueueMailSync(s, { accountId, all: true, folders: true }, `sweep:${accountId}`);
        return;
      }
    } else if (now - (this.lastPoll.get(accountId) ?? 0) >= s.settings.pollMs) {
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
