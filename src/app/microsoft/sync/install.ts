import type { SyncedResource } from '../../../microsoft/catalogue.js';
import { SubscriptionFailures } from '../../../microsoft/subscriptions/failures.js';
import { SubscriptionRegistry } from '../../../microsoft/subscriptions/registry.js';
import { Subscriptions } from '../../../microsoft/subscriptions/subscriptions.js';
import type { ResourceManifest } from '../../../microsoft/sync/manifest.js';
import type { MicrosoftIntegration } from '../integration.js';
import { webhookModeFor } from '../status.js';
import { cleanupDeps, runSubscriptionCleanup, SUBSCRIPTION_CLEANUP_JOB, type CleanupPayload } from '../subscriptionCleanup.js';
import { type SyncEngine, type SyncSettings } from './context.js';
import { LIFECYCLE_JOB, SUBSCRIBE_JOB, SYNC_JOB, TICK_JOB, WRITE_BACK_JOB, type SyncPayload } from './jobs.js';
import { deleteResourceData } from './disconnect.js';
import { syncHealth } from './health.js';
import { NotificationIntake, type LifecyclePayload } from './intake.js';
import { KeyedLock } from './keyedLock.js';
import { accountWebhookMode, runLifecycle, runSubscribe } from './subscribe.js';
import { runSync, shareKeyOf } from './syncJob.js';
import { SyncTick } from './tick.js';
import { runWriteBack, type WriteBackPayload } from './writeBackJob.js';

const installed = new WeakMap<MicrosoftIntegration, SyncEngine>();

/** The sync engine of an integration (the HTTP layer, tests and benchmarks reach it through this). */
export function syncEngineOf(integration: MicrosoftIntegration): SyncEngine | undefined {
  return installed.get(integration);
}

/**
 * Installs the one sync engine every Microsoft 365 resource plugs into: the webhook intake, the
 * sync, lifecycle, subscribe, write-back and tick jobs, the always-on tick timer, the onConnected
 * hook, a disconnect step per resource and health for Settings.
 */
export function installSyncEngine(integration: MicrosoftIntegration, resources: ResourceManifest[]): SyncEngine {
  const { config, database, queue, log } = integration;
  const pollMs = config.pollIntervalMs;
  const sweepMs = config.sweepIntervalMs;
  const settings: SyncSettings = {
    pollMs,
    sweepMs,
    staleMs: config.staleSyncMs,
    tickMs: Math.max(500, Math.min(pollMs, Math.floor(sweepMs / 2), 30_000)),
    subscribeRetryMs: 60_000,
    subscribeRetryMaxMs: 30 * 60_000,
  };
  const manifests = new Map<SyncedResource, ResourceManifest>(resources.map((m) => [m.name, m]));
  const registry = new SubscriptionRegistry(database.db, integration.box);
  const subscriptions = new Subscriptions({ db: database.db, graph: integration.graph, box: integration.box, registry, publicUrl: () => config.publicUrl });
  const locks = new KeyedLock();
  const intake = new NotificationIntake({ db: database.db, queue, registry, log, syncWaiting: (t) => locks.isWaiting(shareKeyOf(t)) });
  const s: SyncEngine = { integration, manifests, subscriptions, registry, failures: new SubscriptionFailures(database.db), locks, settings, intake };
  installed.set(integration, s);

  integration.webhookMode = () => webhookModeFor(config.publicUrl, s.settings.pollMs);
  integration.webhookModeOf = (account) => accountWebhookMode(s, account);

  const tick = new SyncTick(s);
  const sync = ((p: SyncPayload) => runSync(s, p)) as never;
  integration.jobs[SYNC_JOB] = { handler: sync, concurrency: 4 };
  const lifecycle = ((p: LifecyclePayload) => runLifecycle(s, { ...p, resource: p.resource ?? 'mail' })) as never;
  const subscribe = ((p: { accountId: string }) => runSubscribe(s, p)) as never;
  integration.jobs[LIFECYCLE_JOB] = { handler: lifecycle, concurrency: 2 };
  integration.jobs[SUBSCRIBE_JOB] = { handler: subscribe, concurrency: 2 };
  // Jobs queued by the version that synced mail alone still run after an upgrade.
  integration.jobs['microsoft.mailSync'] = { handler: ((p: Omit<SyncPayload, 'resource'> & { folders?: boolean }) => runSync(s, { ...p, resource: 'mail', list: p.folders })) as never };
  integration.jobs['microsoft.mailLifecycle'] = { handler: lifecycle };
  integration.jobs['microsoft.mailSubscribe'] = { handler: subscribe };
  integration.jobs['microsoft.mailSyncTick'] = { handler: (() => tick.run()) as never };
  integration.jobs[WRITE_BACK_JOB] = { handler: ((p: WriteBackPayload) => runWriteBack(s, p)) as never, concurrency: 2 };
  integration.jobs[TICK_JOB] = { handler: (() => tick.run()) as never };

  integration.onConnected.push(async (account) => {
    await queue.enqueue(SUBSCRIBE_JOB, { accountId: account.id }, { key: `subscribe:${account.id}`, maxAttempts: 10 });
  });
  for (const m of manifests.values()) {
    integration.disconnectSteps.push({ name: `${m.name}: delete every synced row, hand the subscriptions to their own delete job`, run: (account) => deleteResourceData(s, m, account) });
  }
  const cleanup = cleanupDeps(integration);
  integration.jobs[SUBSCRIPTION_CLEANUP_JOB] ??= { handler: ((p: CleanupPayload) => runSubscriptionCleanup(cleanup, p).then(() => undefined)) as never };
  integration.healthFor = (account) => syncHealth(s, account);

  armTick(s, integration);
  return s;
}

/**
 * Renewal, catch-up and sweeps are the product's own job, never an operator's cron: a timer in
 * every process enqueues the tick; its idempotency key makes the processes share one run.
 */
function armTick(s: SyncEngine, integration: MicrosoftIntegration): void {
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  let last = Date.now();
  const arm = () => {
    if (closed) return;
    // Checked at least every second so a changed tick interval takes effect at once.
    timer = setTimeout(() => {
      if (Date.now() - last < s.settings.tickMs) return arm();
      last = Date.now();
      integration.queue.enqueue(TICK_JOB, {}, { key: 'tick', maxAttempts: 1 }).catch((err) => integration.log.debug({ err }, 'sync tick not enqueued')).finally(arm);
    }, Math.min(s.settings.tickMs, 1_000));
    timer.unref();
  };
  arm();
  const close = integration.close;
  integration.close = async () => {
    closed = true;
    clearTimeout(timer);
    await close();
  };
}
