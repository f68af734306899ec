import { SecretBox } from '../../lib/secretBox.js';
import { AccountsRepository, type MicrosoftAccount } from '../../microsoft/accounts/accounts.js';
import { AdminBlocks } from '../../microsoft/accounts/adminBlocks.js';
import { SignInStore } from '../../microsoft/accounts/signIns.js';
import { TenantConsents } from '../../microsoft/accounts/tenantConsents.js';
import { DisconnectReceipts } from '../../microsoft/accounts/disconnectReceipts.js';
import { DbTokenCacheStore } from '../../microsoft/accounts/tokenCacheStore.js';
import { checkBrowserLoginUrl, MicrosoftAuth } from '../../microsoft/auth/index.js';
import { GraphClient } from '../../microsoft/graph/client.js';
import { registerTimelineSource } from '../../crm/timelineSources.js';
import { calendarManifest } from '../../microsoft/sync/calendar/calendarManifest.js';
import { mailManifest } from '../../microsoft/sync/mail/mailManifest.js';
import { contactsManifest } from '../../microsoft/sync/contacts/contactsManifest.js';
import { todoManifest } from '../../microsoft/sync/todo/todoManifest.js';
import { filesManifest } from '../../microsoft/sync/drive/driveManifest.js';
import { mailTimelineSource } from '../../microsoft/sync/mail/timeline.js';
import { createTransport } from '../../microsoft/transport.js';
import type { Config } from '../../config/env.js';
import type { DatabaseHandle } from '../../db/database.js';
import type { LiveEvents } from '../../events/liveEvents.js';
import type { Queue } from '../../jobs/queue.js';
import type { Logger } from '../../lib/log.js';
import { DISCONNECT_JOB, runDisconnect, type DisconnectPayload } from './disconnect.js';
import { installCalendar } from './calendar/install.js';
import { installScheduling } from '../scheduling/install.js';
import { installInbox } from './inbox/install.js';
import { installContacts } from './contacts/install.js';
import { installPeopleFromMail } from './peopleFromMail/install.js';
import { installTodo } from './todo/install.js';
import type { MicrosoftIntegration } from './integration.js';
import { REFRESH_IDLE_JOB, refreshIdleAccounts } from './refreshIdle.js';
import { webhookModeFor } from './status.js';
import { installSyncEngine } from './sync/install.js';
import { accessTokenFor } from './tokens.js';

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

const browserLogin = (ms: Config['ms']): { browserLoginUrl?: string } =>
  ms.browserLoginUrl ? { browserLoginUrl: checkBrowserLoginUrl(ms.browserLoginUrl) } : {};

/** Builds the integration and installs the pieces present in this build. */
export async function createMicrosoftIntegration(deps: IntegrationDeps): Promise<MicrosoftIntegration> {
  const { config, database, log } = deps;
  if (!config.ms.clientId || !config.ms.clientSecret) throw new MicrosoftNotConfigured('MS_CLIENT_ID and MS_CLIENT_SECRET are not set');
  const box = new SecretBox(config.secretKey);
  const transport = createTransport({ caFile: config.ms.caFile });
  const tokenCache = new DbTokenCacheStore(database.db, box, database.kind);
  const auth = new MicrosoftAuth({
    settings: { clientId: config.ms.clientId, clientSecret: config.ms.clientSecret, tenant: config.ms.tenant, loginUrl: config.ms.loginUrl, ...browserLogin(config.ms) },
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
    disconnectReceipts: new DisconnectReceipts(database.db),
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

  installSyncEngine(integration, [mailManifest(), calendarManifest({ window: config.calendarWindow }), contactsManifest(), todoManifest(),
    filesManifest({ publish: (event) => integration.live.publish(event) })]);
  registerTimelineSource('mail', mailTimelineSource);
  installInbox(integration);
  installContacts(integration);
  installPeopleFromMail(integration);
  installTodo(integration);
  installScheduling(integration, installCalendar(integration));
  return integration;
}
