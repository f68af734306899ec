import type { SyncedResource } from '../../../microsoft/catalogue.js';
import { jobKey, SYNC_JOB, type SyncPayload } from './jobs.js';
import type { ResourceManifest } from '../../../microsoft/sync/manifest.js';
import type { SubscriptionFailures } from '../../../microsoft/subscriptions/failures.js';
import type { SubscriptionRegistry } from '../../../microsoft/subscriptions/registry.js';
import type { Subscriptions } from '../../../microsoft/subscriptions/subscriptions.js';
import type { MicrosoftIntegration } from '../integration.js';
import type { NotificationIntake } from './intake.js';
import type { KeyedLock } from './keyedLock.js';

export interface SyncSettings {
  pollMs: number;
  sweepMs: number;
  /** A run without progress for this long is restarted. */
  staleMs: number;
  tickMs: number;
  /** Backoff of subscription creation after Graph refused or failed it: first delay, doubling up to the cap. */
  subscribeRetryMs: number;
  subscribeRetryMaxMs: number;
  /** Overrides every resource's catch-up interval (tests, benchmarks); undefined keeps each resource's own. */
  catchUpMs?: number;
}

/** What the sync engine shares between its jobs, tick, webhook intake and health. */
export interface SyncEngine {
  integration: MicrosoftIntegration;
  manifests: ReadonlyMap<SyncedResource, ResourceManifest>;
  subscriptions: Subscriptions;
  registry: SubscriptionRegistry;
  failures: SubscriptionFailures;
  locks: KeyedLock;
  settings: SyncSettings;
  /** Where the webhook hands notifications (served by src/http/routes/webhooks). */
  intake: NotificationIntake;
}

export const enqueueSync = (s: SyncEngine, payload: SyncPayload, kind = '') =>
  s.integration.queue.enqueue<SyncPayload>(SYNC_JOB, payload, { key: jobKey(payload, kind), maxAttempts: 10 });

export const catchUpMsOf = (s: SyncEngine, m: ResourceManifest) => s.settings.catchUpMs ?? m.catchUp.everyMs;
