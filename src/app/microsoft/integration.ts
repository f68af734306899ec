import type { Config } from '../../config/env.js';
import type { DatabaseHandle } from '../../db/database.js';
import type { LiveEvents } from '../../events/liveEvents.js';
import type { Queue } from '../../jobs/queue.js';
import type { JobHandlers } from '../../jobs/worker.js';
import type { Logger } from '../../lib/log.js';
import type { SecretBox } from '../../lib/secretBox.js';
import type { AccountsRepository, MicrosoftAccount } from '../../microsoft/accounts/accounts.js';
import type { AdminBlocks } from '../../microsoft/accounts/adminBlocks.js';
import type { SignInStore } from '../../microsoft/accounts/signIns.js';
import type { TenantConsents } from '../../microsoft/accounts/tenantConsents.js';
import type { DisconnectReceipts } from '../../microsoft/accounts/disconnectReceipts.js';
import type { DbTokenCacheStore } from '../../microsoft/accounts/tokenCacheStore.js';
import type { MicrosoftAuth } from '../../microsoft/auth/index.js';
import type { GraphClient } from '../../microsoft/graph/client.js';
import type { Transport } from '../../microsoft/transport.js';

export type ConnectedHook = (account: MicrosoftAccount) => Promise<void>;

/** Whether an account receives Graph's webhooks or is polled, and why. */
export interface WebhookMode {
  mode: 'push' | 'polling';
  reason: string | null;
}

/**
 * One step of disconnecting an account. Steps run in registration order, each must be idempotent
 * (the job may crash and run them all again), and a step that throws makes the job retry from the
 * first step. Each synced resource joins through the sync engine's step.
 */
export interface DisconnectStep {
  name: string;
  run(account: MicrosoftAccount): Promise<void>;
}

/**
 * Everything the Microsoft 365 integration is made of, built once per process (createIntegration.ts).
 * Each piece (the sync engine with its resources, the inbox) installs itself by pushing job
 * handlers, periodic jobs, disconnect steps and onConnected hooks onto this object; the HTTP layer
 * builds its routes from it (src/http/routes/microsoft/index.ts). This file only describes it, so
 * the pieces depend on it and it depends on none of them.
 */
export interface MicrosoftIntegration {
  config: Config;
  database: DatabaseHandle;
  log: Logger;
  live: LiveEvents;
  queue: Queue;
  transport: Transport;
  auth: MicrosoftAuth;
  graph: GraphClient;
  accounts: AccountsRepository;
  signIns: SignInStore;
  tenantConsents: TenantConsents;
  disconnectReceipts: DisconnectReceipts;
  adminBlocks: AdminBlocks;
  tokenCache: DbTokenCacheStore;
  box: SecretBox;
  /** Run in order by the disconnect job, before CONNECT's own final cleanup. */
  disconnectSteps: DisconnectStep[];
  /** Run after every successful connect, reconnect or feature enable (SYNC subscribes and syncs here). */
  onConnected: ConnectedHook[];
  jobs: JobHandlers;
  /** Jobs the process enqueues on a timer (bin/tandem.ts does the timing). */
  periodic: Array<{ name: string; everyMs: number }>;
  /** Sync health for Settings, supplied by the sync piece. */
  healthFor?: (account: MicrosoftAccount) => Promise<unknown>;
  /** Whether PUBLIC_URL passes the rule for Graph's webhooks (https, or http on loopback). */
  webhookMode: () => WebhookMode;
  /** The mode one account is really in (Graph may refuse a URL that passes the rule); supplied by the sync piece. */
  webhookModeOf?: (account: MicrosoftAccount) => Promise<WebhookMode>;
  /** The bearer token for Graph calls on this account; marks the account needs_reconnect on reauthRequired. */
  accessTokenFor: (accountId: string, opts?: { forceRefresh: boolean }) => Promise<string>;
  cacheKeyFor: (account: Pick<MicrosoftAccount, 'id'>) => string;
  forgetAccount: (accountId: string) => void;
  close: () => Promise<void>;
}
