import type { SyncedResource } from '../../../microsoft/catalogue.js';
import type { ResourceManifest } from '../../../microsoft/sync/manifest.js';
import type { SubscriptionFailures } from '../../../microsoft/subscriptions/failures.js';
import type { SubscriptionRegistry } from '../../../microsoft/subscriptions/registry.js';
import type { Subscriptions } from '../../../microsoft/subscriptions/subscriptions.js';
import type { MicrosoftIntegration } from '../integration.js';
import type { NotificationIntake } from './intake.js';
import type { KeyedLock } from './keyedLock.js';

/** One job name per kind of work; the payload names the resource, the key makes it one job per (account, resource). */
export const SYNC_JOB = 'microsoft.sync';
export const LIFECYCLE_JOB = 'microsoft.lifecycle';
export const SUBSCRIBE_JOB = 'microsoft.subscribe';
export const TICK_JOB = 'microsoft.syncTick';
export const WRITE_BACK_JOB = 'microsoft.writeBack';

export interface SyncPayload {
  accountId: string;
  resource: SyncedResource;
  /** Delta over every known scope (sweep, missed, polling), not just the scopes notifications point at. */
  all?: boolean;
  /** List the scopes from Graph first (new, renamed, deleted folders or calendars). */
  list?: boolean;
  /** The catch-up round: only the scopes the resource names for it. */
  catchUp?: boolean;
}

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

export const jobKey = (p: Pick<SyncPayload, 'accountId' | 'resource'>, kind = '') => `${p.resource}:${p.accountId}${kind ? `:${kind}` : ''}`;

export const enqueueSync = (s: SyncEngine, payload: SyncPayload, kind = '') =>
  s.integration.queue.enqueue<SyncPayload>(SYNC_JOB, payload, { key: jobKey(payload, kind), maxAttempts: 10 });

export const catchUpMsOf = (s: SyncEngine, m: ResourceManifest) => s.settings.catchUpMs ?? m.catchUp.everyMs;
