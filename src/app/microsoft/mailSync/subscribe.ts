import { isMicrosoftError, MicrosoftError, userMessage, type ErrorKind } from '../../../microsoft/graph/errors.js';
import { MAIL_SUBSCRIPTION, needsRenewal } from '../../../microsoft/subscriptions/subscriptions.js';
import type { WebhookMode } from '../status.js';
import { enqueueMailSync, type MailSync } from './context.js';
import type { LifecyclePayload } from './intake.js';

const PENDING_GRACE_MS = 60_000;

/** 'ok' and 'created': the account has a live subscription (push); 'none': it is synced by polling. */
export type SubscriptionOutcome = 'ok' | 'created' | 'none';

/**
 * Makes sure an account has exactly one live mail subscription when PUBLIC_URL can receive webhooks:
 * creates it when missing, renews it past half its lifetime, recreates it when Graph lost it.
 * A refused or failed creation is recorded with its reason and retried with backoff (`force`: now),
 * never thrown, so the caller's polling, sweeps and watchdog always run. Whenever a subscription
 * had to be (re)created, changes may have been missed: the caller runs a round over all folders.
 */
export async function ensureSubscription(s: MailSync, accountId: string, opts: { force?: boolean } = {}): Promise<SubscriptionOutcome> {
  if (s.integration.webhookMode().mode !== 'push') return 'none';
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
      if (needsRenewal(row) && (await renew(s, row)) === 'gone') continue;
      live += 1;
    }
    if (live > 0) return 'ok';
    const publicUrl = s.integration.config.publicUrl;
    if (!opts.force && !(await s.failures.due(accountId, MAIL_SUBSCRIPTION.kind, publicUrl))) return 'none';
    try {
      await s.subscriptions.create(accountId);
    } catch (err) {
      const kind: ErrorKind = err instanceof MicrosoftError ? err.kind : 'fatal';
      await s.failures.record(accountId, MAIL_SUBSCRIPTION.kind, { errorKind: kind, message: subscriptionFailureMessage(kind, publicUrl, s.settings.pollMs), publicUrl },
        { baseMs: s.settings.subscribeRetryMs, maxMs: s.settings.subscribeRetryMaxMs });
      s.integration.log.warn({ err, accountId }, 'mail subscription could not be created; polling until it can');
      return 'none';
    }
    await s.failures.clear(accountId, MAIL_SUBSCRIPTION.kind);
    return 'created';
  });
}

/** A renewal that fails for a passing reason leaves the subscription live until its expiry; the next tick tries again. */
async function renew(s: MailSync, row: Parameters<MailSync['subscriptions']['renew']>[0]): Promise<'renewed' | 'gone' | 'later'> {
  try {
    return await s.subscriptions.renew(row);
  } catch (err) {
    if (isMicrosoftError(err, 'reauthRequired')) throw err;
    s.integration.log.warn({ err, accountId: row.account_id }, 'mail subscription renewal failed; retrying on the next tick');
    return 'later';
  }
}

/** The sentence Settings shows when Graph would not create the subscription. */
export function subscriptionFailureMessage(kind: ErrorKind, publicUrl: string, pollMs: number): string {
  const polling = `Tandem checks for new mail every ${Math.round(pollMs / 1000)} seconds instead and keeps trying to subscribe.`;
  const endpoint = `${publicUrl.replace(/\/+$/, '')}/webhooks/microsoft`;
  switch (kind) {
    case 'fatal':
    case 'forbidden':
    case 'notFound':
    case 'conflict':
      return `Microsoft 365 refused to send change notifications to ${endpoint}. It only delivers them to an https address it can reach from the internet and that answers its validation request. ${polling}`;
    case 'transient':
    case 'throttled':
      return `Microsoft 365 could not set up change notifications just now. ${polling}`;
    default:
      return `${userMessage(kind)} ${polling}`;
  }
}

/** What one account is really in: push only with a live subscription (or while one is being set up). */
export async function accountWebhookMode(s: MailSync, accountId: string): Promise<WebhookMode> {
  const rule = s.integration.webhookMode();
  if (rule.mode !== 'push') return rule;
  const rows = await s.subscriptions.forAccount(accountId);
  const live = rows.some((r) => r.status !== 'deleting' && (r.expires_at === null || Date.parse(r.expires_at) > Date.now()));
  if (live) return rule;
  const failure = await s.failures.get(accountId, MAIL_SUBSCRIPTION.kind);
  return failure ? { mode: 'polling', reason: failure.error_message } : rule;
}

/** microsoft.mailSubscribe: after connect, subscribe first so nothing falls between, then sync everything. */
export async function runSubscribe(s: MailSync, payload: { accountId: string }): Promise<void> {
  const account = await s.integration.accounts.byId(payload.accountId);
  if (!account || account.status !== 'active') return;
  try {
    // A (re)connect is the user's action: try at once, whatever the backoff says.
    await ensureSubscription(s, account.id, { force: true });
  } catch (err) {
    if (isMicrosoftError(err, 'reauthRequired')) return;
    // Syncing still starts; the tick retries the subscription.
    s.integration.log.warn({ err, accountId: account.id }, 'mail subscription could not be checked');
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
