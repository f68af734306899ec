import type { MicrosoftAccount } from '../../../microsoft/accounts/accounts.js';
import type { ResourceManifest } from '../../../microsoft/sync/manifest.js';
import { outbox } from '../../../microsoft/sync/outbox.js';
import { syncStates } from '../../../microsoft/sync/syncStates.js';
import { catchUpMsOf, enqueueSync, type SyncEngine } from './context.js';
import { jobKey, WRITE_BACK_JOB } from './jobs.js';
import { enabledManifests } from './gate.js';
import { ensureSubscription, type SubscriptionOutcome } from './subscribe.js';

/**
 * The always-on periodic work, per active account and synced resource: keep the subscription alive
 * and check it still exists at Graph, poll while there is none (PUBLIC_URL cannot receive webhooks,
 * or Graph refused), a cheap catch-up round, a sweep over every scope every sweep interval, restart
 * stale initial syncs, and resend outbox entries that are due. One account or resource failing
 * never stops the others.
 */
export class SyncTick {
  private readonly lastPoll = new Map<string, number>();
  private readonly lastCatchUp = new Map<string, number>();

  constructor(private readonly s: SyncEngine) {}

  async run(): Promise<void> {
    const { integration } = this.s;
    const accounts = await integration.accounts.list({ status: 'active' });
    for (const account of accounts) {
      const enabled = enabledManifests(this.s.manifests.values(), account);
      for (const m of enabled) {
        try {
          await this.resource(account, m);
        } catch (err) {
          integration.log.warn({ err, accountId: account.id, resource: m.name }, 'sync tick failed for one account');
        }
      }
      await this.retireUnwanted(account, new Set(enabled.map((m) => m.name)));
    }
    await this.outboxDue();
  }

  private async resource(account: MicrosoftAccount, m: ResourceManifest): Promise<void> {
    const { s } = this;
    const key = jobKey({ accountId: account.id, resource: m.name });
    const now = Date.now();
    const catchUpDue = now - (this.lastCatchUp.get(key) ?? -Infinity) >= catchUpMsOf(s, m);
    if (catchUpDue) this.lastCatchUp.set(key, now);
    let outcome: SubscriptionOutcome = 'none';
    try {
      // The catch-up also asks Graph whether the subscription still exists: one cheap GET.
      outcome = await ensureSubscription(s, m, account.id, { verify: catchUpDue });
    } catch (err) {
      // Only a dead grant or the database gets here; the resource is then treated as unsubscribed.
      s.integration.log.warn({ err, accountId: account.id, resource: m.name }, 'subscription check failed');
    }
    if (outcome === 'created') {
      // A new subscription may have missed changes: one round over every scope (it also covers the sweep).
      await enqueueSync(s, { accountId: account.id, resource: m.name, all: true, list: true }, 'sweep');
      return;
    }
    if (outcome === 'none' && now - (this.lastPoll.get(key) ?? 0) >= s.settings.pollMs) {
      this.lastPoll.set(key, now);
      await enqueueSync(s, { accountId: account.id, resource: m.name, all: true }, 'poll');
    }
    const states = await syncStates.list(s.integration.database.db, account.id, m.name);
    const oldest = states.length ? Math.min(...states.map((st) => (st.last_success_at ? Date.parse(st.last_success_at) : 0))) : 0;
    const stale = states.some((st) => st.phase === 'initial' && now - Date.parse(st.updated_at) > s.settings.staleMs);
    if (now - oldest >= s.settings.sweepMs || stale) {
      await enqueueSync(s, { accountId: account.id, resource: m.name, all: true, list: true }, 'sweep');
    } else if (catchUpDue && outcome === 'ok') {
      await enqueueSync(s, { accountId: account.id, resource: m.name, catchUp: true }, 'catchUp');
    }
  }

  /**
   * A subscription of a resource the account no longer syncs (its feature not granted, or not
   * provided) keeps Graph notifying for nothing: delete it (404 counts as done).
   */
  private async retireUnwanted(account: MicrosoftAccount, enabled: Set<string>): Promise<void> {
    for (const row of await this.s.subscriptions.forAccount(account.id)) {
      if (enabled.has(row.resource_kind)) continue;
      await this.s.subscriptions.deleteRemote(row).catch((err) =>
        this.s.integration.log.warn({ err, accountId: account.id, resource: row.resource_kind }, 'unwanted subscription not deleted yet; retrying on the next tick'));
    }
  }

  /** Entries committed but never sent (a crash after commit, or a retry that is due): send them now. */
  private async outboxDue(): Promise<void> {
    const { s } = this;
    for (const d of await outbox.due(s.integration.database.db)) {
      if (!s.manifests.get(d.resource as never)?.writeBack) continue;
      await s.integration.queue.enqueue(WRITE_BACK_JOB, { accountId: d.account_id, resource: d.resource }, { key: `${d.resource}:${d.account_id}`, maxAttempts: 5 });
    }
  }
}
