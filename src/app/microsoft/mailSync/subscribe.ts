import { isMicrosoftError } from '../../../microsoft/graph/errors.js';
import { needsRenewal } from '../../../microsoft/subscriptions/subscriptions.js';
import { enqueueMailSync, type MailSync } from './context.js';
import type { LifecyclePayload } from './intake.js';

const PENDING_GRACE_MS = 60_000;

/**
 * Makes sure an account in push mode has exactly one live mail subscription: creates it when
 * missing, renews it past half its lifetime, recreates it when Graph lost it. Whenever a
 * subscription had to be (re)created, changes may have been missed: a round over all folders follows.
 */
export async function ensureSubscription(s: MailSync, accountId: string): Promise<'ok' | 'created' | 'polling'> {
  if (s.integration.webhookMode().mode !== 'push') return 'polling';
  return s.locks.run(`sub:${accountId}`, async () => {
    const rows = await s.subscriptions.forAccount(accountId);
    let live = 0;
    for (const row of rows) {
      const expired = row.expires_at !== null && Date.parse(row.expires_at) <= Date.now();
      const stalePending = row.status === 'pending' && Date.now() - Date.parse(row.created_at) > PENDING_GRACE_MS;
      if (expired || stalePending || live > 0) {
        if (live > 0 && !expired) await s.subscriptions.deleteRemote(row).catch(() => undefined);
        else await s.subscriptions.drop(row);
        continue;
      }
      if (row.status !== 'active') {
        live += 1;
        continue;
      }
      if (needsRenewal(row) && (await s.subscriptions.renew(row)) === 'gone') continue;
      live += 1;
    }
    if (live > 0) return 'ok';
    await s.subscriptions.create(accountId);
    return 'created';
  });
}

/** microsoft.mailSubscribe: after connect, subscribe first so nothing falls between, then sync everything. */
export async function runSubscribe(s: MailSync, payload: { accountId: string }): Promise<void> {
  const account = await s.integration.accounts.byId(payload.accountId);
  if (!account || account.status !== 'active') return;
  try {
    await ensureSubscription(s, account.id);
  } catch (err) {
    if (isMicrosoftError(err, 'reauthRequired')) return;
    // Syncing still starts; the tick retries the subscription.
    s.integration.log.warn({ err, accountId: account.id }, 'mail subscription could not be created');
  }
  await enqueueMailSync(s, { accountId: account.id, all: true, folders: true }, `sweep:${account.id}`);
}

/** microsoft.mailLifecycle: reauthorize, recreate then resync, or resync. */
export async function runLifecycle(s: MailSync, p: LifecyclePayload): Promise<void> {
  const account = await s.integration.accounts.byId(p.accountId);
  if (!account || account.status !== 'active') return;
  const row = (await s.subscriptions.forAccount(account.id)).find((r) => r.graph_id === p.subscriptionId);
  try {
    if (p.event === 'reauthorizationRequired') {
      if (!row) return;
      if ((await s.subscriptions.reauthorize(row)) !== 'gone') return;
      await ensureSubscription(s, account.id);
    } else if (p.event === 'subscriptionRemoved') {
      if (row) await s.subscriptions.drop(row);
      await ensureSubscription(s, account.id);
    }
  } catch (err) {
    if (isMicrosoftError(err, 'reauthRequired')) return;
    throw err;
  }
  // subscriptionRemoved, missed, or a reauthorization that found the subscription gone.
  await enqueueMailSync(s, { accountId: account.id, all: true, folders: true }, `sweep:${account.id}`);
}
