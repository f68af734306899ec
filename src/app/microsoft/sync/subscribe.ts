import { isMicrosoftError, MicrosoftError, userMessage, type ErrorKind } from '../../../microsoft/graph/errors.js';
import type { SyncContext } from '../../../microsoft/sync/contract.js';
import type { ResourceManifest, SubscriptionSpec } from '../../../microsoft/sync/manifest.js';
import { needsRenewal, type SubscriptionRow, type SubscriptionTarget } from '../../../microsoft/subscriptions/subscriptions.js';
import type { WebhookMode } from '../status.js';
import { enqueueSync, type SyncEngine } from './context.js';
import { enabledManifests } from './gate.js';
import type { LifecyclePayload } from './intake.js';

const PENDING_GRACE_MS = 60_000;

/** 'ok' and 'created': the resource has a live subscription (push); 'none': it is synced by polling. */
export type SubscriptionOutcome = 'ok' | 'created' | 'none';

const targetOf = (m: ResourceManifest & { subscription: SubscriptionSpec }): SubscriptionTarget => ({ kind: m.name, ...m.subscription });

/**
 * Makes sure one resource of an account has exactly one live subscription when PUBLIC_URL can
 * receive webhooks: creates it when missing, renews it past half its lifetime, recreates it when
 * Graph lost it (`verify`: asks Graph whether it still exists). A refused or failed creation is
 * recorded with its reason and retried with backoff (`force`: now), never thrown, so the caller's
 * polling, sweeps and watchdog always run. Whenever a subscription had to be (re)created, changes
 * may have been missed: the caller runs a round over every scope.
 */
export async function ensureSubscription(s: SyncEngine, m: ResourceManifest, accountId: string, opts: { force?: boolean; verify?: boolean } = {}): Promise<SubscriptionOutcome> {
  if (!m.subscription || s.integration.webhookMode().mode !== 'push') return 'none';
  const spec = m.subscription;
  return s.locks.run(`sub:${m.name}:${accountId}`, async () => {
    const rows = await s.subscriptions.forAccount(accountId, m.name);
    const current = spec.currentResource?.(accountId);
    let live = 0;
    for (const row of rows) {
      if (current && row.status === 'active' && row.resource.toLowerCase() !== current.toLowerCase()) {
        await s.subscriptions.deleteRemote(row).catch(() => undefined);
        continue;
      }
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
      if (needsRenewal(row) && (await renew(s, row, spec.maxLifetimeMinutes)) === 'gone') continue;
      if (opts.verify && (await verify(s, row)) === 'gone') continue;
      live += 1;
    }
    if (live > 0) return 'ok';
    const publicUrl = s.integration.config.publicUrl;
    if (!opts.force && !(await s.failures.due(accountId, m.name, publicUrl))) return 'none';
    try {
      const resource = spec.resourceFor ? await spec.resourceFor(await contextOf(s, accountId)) : spec.resource;
      await s.subscriptions.create(accountId, targetOf({ ...m, subscription: { ...spec, resource } }));
    } catch (err) {
      const kind: ErrorKind = err instanceof MicrosoftError ? err.kind : 'fatal';
      await s.failures.record(accountId, m.name, { errorKind: kind, message: subscriptionFailureMessage(kind, publicUrl, s.settings.pollMs), publicUrl },
        { baseMs: s.settings.subscribeRetryMs, maxMs: s.settings.subscribeRetryMaxMs });
      s.integration.log.warn({ err, accountId, resource: m.name }, 'subscription could not be created; polling until it can');
      return 'none';
    }
    await s.failures.clear(accountId, m.name);
    return 'created';
  });
}

async function contextOf(s: SyncEngine, accountId: string): Promise<SyncContext> {
  const a = await s.integration.accounts.byId(accountId);
  if (!a) throw new MicrosoftError('notFound', 'the account is gone');
  return { db: s.integration.database.db, graph: s.integration.graph, account: { id: a.id, userId: a.userId, workspaceId: a.workspaceId } };
}

/** A renewal that fails for a passing reason leaves the subscription live until its expiry; the next tick tries again. */
async function renew(s: SyncEngine, row: SubscriptionRow, maxLifetimeMinutes: number): Promise<'renewed' | 'gone' | 'later'> {
  try {
    return await s.subscriptions.renew(row, maxLifetimeMinutes);
  } catch (err) {
    if (isMicrosoftError(err, 'reauthRequired')) throw err;
    s.integration.log.warn({ err, accountId: row.account_id }, 'subscription renewal failed; retrying on the next tick');
    return 'later';
  }
}

/** Only Graph's "not found" means gone; a check that fails otherwise trusts the row until the next one. */
async function verify(s: SyncEngine, row: SubscriptionRow): Promise<'ok' | 'gone'> {
  try {
    return await s.subscriptions.verify(row);
  } catch (err) {
    if (isMicrosoftError(err, 'reauthRequired')) throw err;
    s.integration.log.debug({ err, accountId: row.account_id }, 'subscription check failed; trusting it until the next check');
    return 'ok';
  }
}

/** The sentence Settings shows when Graph would not create the subscription. */
export function subscriptionFailureMessage(kind: ErrorKind, publicUrl: string, pollMs: number): string {
  const polling = `Tandem checks for changes every ${Math.round(pollMs / 1000)} seconds instead and keeps trying to subscribe.`;
  const endpoint = `${publicUrl.replace(/\/+$/, '')}/webhooks/microsoft`;
  switch (kind) {
    case 'fatal':
    case 'invalidRequest':
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

/** What one resource of an account is really in: push only with a live subscription (or while one is being set up). */
export async function resourceWebhookMode(s: SyncEngine, m: ResourceManifest, accountId: string): Promise<WebhookMode> {
  const rule = s.integration.webhookMode();
  if (rule.mode !== 'push') return rule;
  if (!m.subscription) return { mode: 'polling', reason: 'Microsoft 365 sends no change notifications for this; Tandem checks for changes periodically.' };
  const rows = await s.subscriptions.forAccount(accountId, m.name);
  const live = rows.some((r) => r.status !== 'deleting' && (r.expires_at === null || Date.parse(r.expires_at) > Date.now()));
  if (live) return rule;
  const failure = await s.failures.get(accountId, m.name);
  return failure ? { mode: 'polling', reason: failure.error_message } : { mode: 'polling', reason: 'Setting up change notifications with Microsoft 365; Tandem checks for changes meanwhile.' };
}

/** The account's mode for the header: push only when every synced resource with notifications has them. */
export async function accountWebhookMode(s: SyncEngine, account: { id: string; grantedScopes: string[] }): Promise<WebhookMode> {
  const rule = s.integration.webhookMode();
  if (rule.mode !== 'push') return rule;
  for (const m of enabledManifests(s.manifests.values(), account)) {
    if (!m.subscription) continue;
    const mode = await resourceWebhookMode(s, m, account.id);
    if (mode.mode === 'polling') return mode;
  }
  return rule;
}

/** microsoft.subscribe: after connect, subscribe first so nothing falls between, then sync everything. */
export async function runSubscribe(s: SyncEngine, payload: { accountId: string }): Promise<void> {
  const account = await s.integration.accounts.byId(payload.accountId);
  if (!account || account.status !== 'active') return;
  for (const m of enabledManifests(s.manifests.values(), account)) {
    try {
      // A (re)connect is the user's action: try at once, whatever the backoff says.
      await ensureSubscription(s, m, account.id, { force: true });
    } catch (err) {
      if (isMicrosoftError(err, 'reauthRequired')) return;
      // Syncing still starts; the tick retries the subscription.
      s.integration.log.warn({ err, accountId: account.id, resource: m.name }, 'subscription could not be checked');
    }
    await enqueueSync(s, { accountId: account.id, resource: m.name, all: true, list: true }, 'sweep');
  }
}

/** microsoft.lifecycle: reauthorize, recreate then resync, or resync. */
export async function runLifecycle(s: SyncEngine, p: LifecyclePayload): Promise<void> {
  const m = s.manifests.get(p.resource);
  const account = await s.integration.accounts.byId(p.accountId);
  if (!m || !account || account.status !== 'active') return;
  const row = (await s.subscriptions.forAccount(account.id, m.name)).find((r) => r.graph_id === p.subscriptionId);
  try {
    if (p.event === 'reauthorizationRequired') {
      if (!row) return;
      if ((await s.subscriptions.reauthorize(row, m.subscription?.maxLifetimeMinutes ?? 4_230)) !== 'gone') return;
      await ensureSubscription(s, m, account.id);
    } else if (p.event === 'subscriptionRemoved') {
      if (row) await s.subscriptions.drop(row);
      await ensureSubscription(s, m, account.id);
    }
  } catch (err) {
    if (isMicrosoftError(err, 'reauthRequired')) return;
    throw err;
  }
  // subscriptionRemoved, missed, or a reauthorization that found the subscription gone.
  await enqueueSync(s, { accountId: account.id, resource: m.name, all: true, list: true }, 'sweep');
}
