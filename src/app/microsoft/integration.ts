import type { Config } from '../../config/env.js';
import type { DatabaseHandle } from '../../db/database.js';
import type { LiveEvents } from '../../events/liveEvents.js';
import type { Queue } from '../../jobs/queue.js';
import type { JobHandlers } from '../../jobs/worker.js';
import type { Logger } from '../../lib/log.js';
import { SecretBox } from '../../lib/secretBox.js';
import { AccountsRepository, type MicrosoftAccount } from '../../microsoft/accounts/accounts.js';
import { AdminBlocks } from '../../microsoft/accounts/adminBlocks.js';
import { SignInStore } from '../../microsoft/accounts/signIns.js';
import { TenantConsents } from '../../microsoft/accounts/tenantConsents.js';
import { DbTokenCacheStore } from '../../microsoft/accounts/tokenCacheStore.js';
import { MicrosoftAuth } from '../../microsoft/auth/index.js';
import { GraphClient } from '../../microsoft/graph/client.js';
import { createTransport, type Transport } from '../../microsoft/transport.js';
import { DISCONNECT_JOB, runDisconnect, type DisconnectPayload, type DisconnectStep } from './disconnect.js';
import { REFRESH_IDLE_JOB, refreshIdleAccounts } from './refreshIdle.js';
import { webhookModeFor, type WebhookMode } from './status.js';
import { installInbox } from './inbox/install.js';
import { installMailSync } from './mailSync/install.js';
import { accessTokenFor } from './tokens.js';

export type ConnectedHook = (account: MicrosoftAccount) => Promise<void>;

/**
 * Everything the Microsoft 365 integration is made of, built once per process. Each piece
 * (mail sync, inbox, later calendar, contacts, To Do, files) installs itself by pushing job
 * handlers, periodic jobs, disconnect steps and onConnected hooks onto this object; the HTTP
 * layer builds its routes from it (src/http/routes/microsoft/index.ts).
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

export interface IntegrationDeps {
  config: Config;
  database: DatabaseHandle;
  log: Logger;
  live: LiveEvents;
  queue: Queue;
  /** Accounts not refreshed for this long get a refresh from microsoft.refreshIdle (default 7 days). */
  idleRefreshAfterMs?: number;
}

export class MicrosoftNotConfigured extends Error {}

/** Builds the integration and installs the pieces present in this build. */
export async function createMicrosoftIntegration(deps: IntegrationDeps): Promise<MicrosoftIntegration> {
  const { config, database, log } = deps;
  if (!config.ms.clientId || !config.ms.clientSecret) throw new MicrosoftNotConfigured('MS_CLIENT_ID and MS_CLIENT_SECRET are not set');
  const box = new SecretBox(config.secretKey);
  const transport = createTransport({ caFile: config.ms.caFile });
  const tokenCache = new DbTokenCacheStore(database.db, box, database.kind);
  const auth = new MicrosoftAuth({
    settings: { clientId: config.ms.clientId, clientSecret: config.ms.clientSecret, tenant: config.ms.tenant, loginUrl: config.ms.loginUrl },
    networkModule: transport.networkModule,
    store: tokenCache,
    log,
  });
  const integration = {
    ...deps,
    transport,
    auth,
    accounts: new AccountsRepository(database.db),
    signIns: new SignInStore(database.db, box),
    tenantConsents: new TenantConsents(database.db),
    adminBlocks: new AdminBlocks(database.db),
    tokenCache,
    box,
    disconnectSteps: [],
    onConnected: [],
    jobs: {},
    periodic: [],
    webhookMode: () => webhookModeFor(config.publicUrl, config.pollIntervalMs),
    cacheKeyFor: (account: Pick<MicrosoftAccount, 'id'>) => account.id,
    forgetAccount: (accountId: string) => auth.forget(accountId),
    close: () => transport.close(),
  } as unknown as MicrosoftIntegration;
  integration.accessTokenFor = (accountId, opts) => accessTokenFor(integration, accountId, opts);
  integration.graph = new GraphClient({
    graphUrl: config.ms.graphUrl,
    fetch: transport.fetch,
    accessToken: (accountId, opts) => integration.accessTokenFor(accountId, opts),
    log,
  });

  integration.jobs[DISCONNECT_JOB] = { handler: ((p: DisconnectPayload) => runDisconnect(integration, p)) as never };
  const idleAfter = deps.idleRefreshAfterMs ?? 7 * 24 * 3600_000;
  integration.jobs[REFRESH_IDLE_JOB] = { handler: (() => refreshIdleAccounts(integration, idleAfter)) as never };
  integration.periodic.push({ name: REFRESH_IDLE_JOB, everyMs: 3600_000 });

  installMailSync(integration);
  installInbox(integration);
  return integration;
}
