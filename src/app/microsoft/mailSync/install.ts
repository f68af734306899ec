import { SubscriptionFailures } from '../../../microsoft/subscriptions/failures.js';
import { SubscriptionRegistry } from '../../../microsoft/subscriptions/registry.js';
import { Subscriptions } from '../../../microsoft/subscriptions/subscriptions.js';
import { mailResource } from '../../../microsoft/sync/mail/mailResource.js';
import type { MicrosoftIntegration } from '../integration.js';
import { webhookModeFor } from '../status.js';
import { cleanupDeps, runSubscriptionCleanup, SUBSCRIPTION_CLEANUP_JOB, type CleanupPayload } from '../subscriptionCleanup.js';
import { MAIL_LIFECYCLE_JOB, MAIL_SUBSCRIBE_JOB, MAIL_SYNC_JOB, MAIL_TICK_JOB, type MailSync, type MailSyncPayload, type MailSyncSettings } from './context.js';
import { deleteMailData } from './disconnect.js';
import { mailSyncHealth } from './health.js';
import { NotificationIntake, type LifecyclePayload } from './intake.js';
import { KeyedLock } from './keyedLock.js';
import { accountWebhookMode, runLifecycle, runSubscribe } from './subscribe.js';
import { runMailSync, shareKeyOf } from './syncJob.js';
import { MailSyncTick } from './tick.js';

const installed = new WeakMap<MicrosoftIntegration, MailSync>();

/** The mail sync piece of an integration (tests and benchmarks tune its settings through it). */
export function mailSyncOf(integration: MicrosoftIntegration): MailSync | undefined {
  return installed.get(integration);
}

/**
 * Installs Outlook mail sync: the webhook intake, sync/lifecycle/subscribe/tick jobs, the always-on
 * tick timer, the onConnected hook, the disconnect step and health for Settings.
 */
export function installMailSync(integration: MicrosoftIntegration): MailSync {
  const { config, database, queue, log } = integration;
  const pollMs = config.pollIntervalMs;
  const sweepMs = config.sweepIntervalMs;
  const settings: MailSyncSettings = {
    pollMs,
    sweepMs,
    staleMs: config.staleSyncMs,
    tickMs: Math.max(500, Math.min(pollMs, Math.floor(sweepMs / 2), 30_000)),
    subscribeRetryMs: 60_000,
    subscribeRetryMaxMs: 30 * 60_000,
  };
  const registry = new SubscriptionRegistry(database.db, integration.box);
  const subscriptions = new Subscriptions({ db: database.db, graph: integration.graph, box: integration.box, registry, publicUrl: () => config.publicUrl });
  const locks = new KeyedLock();
  const intake = new NotificationIntake({ db: database.db, queue, registry, log, syncWaiting: (accountId) => locks.isWaiting(shareKeyOf({ accountId })) });
  const s: MailSync = { integration, resource: mailResource(), subscriptions, registry, failures: new SubscriptionFailures(database.db), locks, settings, intake };
  installed.set(integration, s);

  integration.webhookMode = () => webhookModeFor(config.publicUrl, s.settings.pollMs);
  integration.webhookModeOf = (account) => accountWebhookMode(s, account.id);

  const tick = new MailSyncTick(s);
  integration.jobs[MAIL_SYNC_JOB] = { handler: ((p: MailSyncPayload) => runMailSync(s, p)) as never, concurrency: 4 };
  integration.jobs[MAIL_LIFECYCLE_JOB] = { handler: ((p: LifecyclePayload) => runLifecycle(s, p)) as never, concurrency: 2 };
  integration.jobs[MAIL_SUBSCRIBE_JOB] = { handler: ((p: { accountId: string }) => runSubscribe(s, p)) as never, concurrency: 2 };
  integration.jobs[MAIL_TICK_JOB] = { handler: (() => tick.run()) as never };

  integration.onConnected.push(async (account) => {
    await queue.enqueue(MAIL_SUBSCRIBE_JOB, { accountId: account.id }, { key: `subscribe:${account.id}`, maxAttempts: 10 });
  });
  integration.disconnectSteps.push({ name: 'mail: delete every synced mail row, hand the subscriptions to their own delete job', run: (account) => deleteMailData(s, account) });
  const cleanup = cleanupDeps(integration);
  integration.jobs[SUBSCRIPTION_CLEANUP_JOB] ??= { handler: ((p: CleanupPayload) => runSubscriptionCleanup(cleanup, p).then(() => undefined)) as never };
  integration.healthFor = (account) => mailSyncHealth(s, account);

  // Renewal and sweeps are the product's own job, never an operator's cron: a timer in every process
  // enqueues the tick; its idempotency key makes the processes share one run.
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  let last = Date.now();
  const arm = () => {
    if (closed) return;
    // Checked at least every second so a changed tick interval takes effect at once.
    timer = setTimeout(() => {
      if (Date.now() - last < s.settings.tickMs) return arm();
      last = Date.now();
      queue.enqueue(MAIL_TICK_JOB, {}, { key: 'tick', maxAttempts: 1 }).catch((err) => log.debug({ err }, 'mail tick not enqueued')).finally(arm);
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
  return s;
}
