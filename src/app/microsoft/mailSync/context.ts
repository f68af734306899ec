import type { NotificationIntake } from './intake.js';
import type { SyncResource } from '../../../microsoft/sync/contract.js';
import type { SubscriptionFailures } from '../../../microsoft/subscriptions/failures.js';
import type { SubscriptionRegistry } from '../../../microsoft/subscriptions/registry.js';
import type { Subscriptions } from '../../../microsoft/subscriptions/subscriptions.js';
import type { MicrosoftIntegration } from '../integration.js';
import type { KeyedLock } from './keyedLock.js';

export const MAIL_SYNC_JOB = 'microsoft.mailSync';
export const MAIL_LIFECYCLE_JOB = 'microsoft.mailLifecycle';
export const MAIL_SUBSCRIBE_JOB = 'microsoft.mailSubscribe';
export const MAIL_TICK_JOB = 'microsoft.mailSyncTick';

export interface MailSyncPayload {
  accountId: string;
  /** Delta over every known folder (sweep, missed, polling), not just the folders notifications point at. */
  all?: boolean;
  /** List the folders first (new, renamed, deleted folders). */
  folders?: boolean;
}

export interface MailSyncSettings {
  pollMs: number;
  sweepMs: number;
  /** A run without progress for this long is restarted. */
  staleMs: number;
  tickMs: number;
  /** Backoff of subscription creation after Graph refused or failed it: first delay, doubling up to the cap. */
  subscribeRetryMs: number;
  subscribeRetryMaxMs: number;
}

/** What the mail sync piece shares between its jobs, tick, webhook intake and health. */
export interface MailSync {
  integration: MicrosoftIntegration;
  resource: SyncResource;
  subscriptions: Subscriptions;
  registry: SubscriptionRegistry;
  failures: SubscriptionFailures;
  locks: KeyedLock;
  settings: MailSyncSettings;
  /** Where the webhook hands notifications (served by src/http/routes/webhooks). */
  intake: NotificationIntake;
}

export const enqueueMailSync = (s: MailSync, payload: MailSyncPayload, key = payload.accountId) =>
  s.integration.queue.enqueue<MailSyncPayload>(MAIL_SYNC_JOB, payload, { key, maxAttempts: 10 });
