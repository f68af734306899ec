/**
 * Tandem with the Microsoft 365 integration, pointed at a sandbox tenant, for end-to-end tests.
 *
 *   const sb = await startTestSandbox();
 *   const env = await startMicrosoftTestEnv({ kind: 'sqlite', sandbox: sb });   // real server + queue + integration
 *   after(() => env.close());                                                    // does not close the sandbox
 *   const { users } = await createTenantWithUsers(sb, { domain: 't1.test', users: [{ userPrincipalName: 'ann', password: 'pw' }] });
 *   const api = new ApiClient(env.url); await api.signup();
 *   const r = await connectMicrosoft({ api, sandbox: sb, upn: users[0].userPrincipalName, password: 'pw' });
 *   r.ok; r.view.status === 'active'; r.accountId
 *
 * connectMicrosoft does the real flow over HTTP: POST /api/microsoft/connect, the sandbox's sign-in
 * and consent pages, then Tandem's callback with the API client's session cookie.
 */
import { microsoftRoutes } from '../../src/http/routes/microsoft/index.js';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { createMicrosoftIntegration } from '../../src/app/microsoft/createIntegration.js';
import type { MicrosoftIntegration } from '../../src/app/microsoft/integration.js';
import type { ConnectionView } from '../../src/app/microsoft/status.js';
import { loadConfig, type Config } from '../../src/config/env.js';
import type { DatabaseHandle } from '../../src/db/database.js';
import type { LiveEvents } from '../../src/events/liveEvents.js';
import { buildServer } from '../../src/http/server.js';
import { createQueue } from '../../src/jobs/createQueue.js';
import type { Queue } from '../../src/jobs/queue.js';
import { startWorkers } from '../../src/jobs/worker.js';
import { createLogger } from '../../src/lib/log.js';
import { openTestDatabase, type DbKind } from './db.js';
import { walkPages, type FlowTrace } from './oauthClient.js';
import { registerApp, type TestSandbox } from './sandbox.js';
import { ApiClient, MemoryLiveEvents } from './server.js';

export interface MicrosoftTestEnv {
  url: string;
  app: FastifyInstance;
  config: Config;
  database: DatabaseHandle & { url: string };
  live: LiveEvents;
  queue: Queue;
  integration: MicrosoftIntegration;
  clientId: string;
  /** A new API client for this server (not signed in). */
  client(): ApiClient;
  close(): Promise<void>;
}

export interface MicrosoftEnvOptions {
  kind: DbKind;
  sandbox: TestSandbox;
  configOverrides?: Partial<Config>;
  /** Built web app to serve (browser tests: WEB_DIST from ./browser.js). */
  webRoot?: string;
  /** Passed to createMicrosoftIntegration. */
  idleRefreshAfterMs?: number;
  /** Run job workers in this process (default true). */
  workers?: boolean;
}

/** The real server, queue and integration over a fresh database, with an app registered in the sandbox. */
export async function startMicrosoftTestEnv(o: MicrosoftEnvOptions): Promise<MicrosoftTestEnv> {
  const registered = await registerApp(o.sandbox, { redirectUris: ['https://placeholder.invalid/cb'], displayName: 'Tandem (test)' });
  const database = await openTestDatabase(o.kind);
  const base = loadConfig({
    DATABASE_URL: database.url,
    TANDEM_SECRET_KEY: randomBytes(32).toString('hex'),
    TANDEM_DATA_DIR: mkdtempSync(join(tmpdir(), 'tandem-data-')),
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    MS_CLIENT_ID: registered.clientId,
    MS_CLIENT_SECRET: registered.clientSecret,
    MS_TENANT: 'organizations',
    MS_LOGIN_URL: o.sandbox.urls.login,
    MS_GRAPH_URL: o.sandbox.urls.graph,
    MS_CA_FILE: o.sandbox.caFile,
  });
  // One config object shared by server and integration: PUBLIC_URL is filled in once the port is known.
  const config: Config = { ...base, ...o.configOverrides };
  const log = createLogger(config.logLevel);
  const live = new MemoryLiveEvents();
  const queue = createQueue(config, database, log);
  const integration = await createMicrosoftIntegration({ config, database, log, live, queue, ...(o.idleRefreshAfterMs !== undefined ? { idleRefreshAfterMs: o.idleRefreshAfterMs } : {}) });
  const app = await buildServer({ config, database, log, live, extraRoutes: microsoftRoutes(integration), webRoot: o.webRoot ?? join(tmpdir(), 'tandem-no-web-app') });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('server has no TCP address');
  const url = `http://127.0.0.1:${address.port}`;
  config.publicUrl = url;
  await registerApp(o.sandbox, {
    clientId: registered.clientId, clientSecret: registered.clientSecret, displayName: 'Tandem (test)',
    redirectUris: [`${url}/auth/microsoft/callback`, `${url}/auth/microsoft/admin-consent/callback`],
  });
  const handlers = o.workers === false ? {} : integration.jobs;
  try {
    await startWorkers(o.workers === false ? 'web' : 'all', queue, handlers);
  } catch (err) {
    // pg-boss creates queues in parallel on start and can deadlock on its own DDL (reported to the
    // jobs owner); queues already created stay cached, so starting again finishes the rest.
    if ((err as { code?: string }).code !== '40P01') throw err;
    await queue.start();
  }
  return {
    url, app, config, database, live, queue, integration, clientId: registered.clientId,
    client: () => new ApiClient(url),
    async close() {
      await queue.stop();
      await app.close();
      await integration.close();
      await live.close();
      await database.close();
    },
  };
}

export interface SignInDrive {
  api: ApiClient;
  sandbox: TestSandbox;
  upn: string;
  password: string;
  /** What to press on the consent page (default accept). */
  consent?: 'accept' | 'cancel';
}

export interface DriveResult {
  /** True when Tandem's callback sent the browser to Settings without an error. */
  ok: boolean;
  /** `?error=` on the Settings redirect, when there was one. */
  error: string | undefined;
  /** The Settings URL Tandem redirected to, or undefined when the callback answered with a page. */
  location: URL | undefined;
  callbackStatus: number;
  callbackBody: string;
  trace: FlowTrace;
  /** GET /api/microsoft afterwards. */
  view: ConnectionView;
}

/**
 * Follows a Tandem-issued authorize (or adminconsent) URL through the sandbox's pages, then hands
 * the redirect to Tandem's callback with the API client's session cookie, as the browser would.
 */
export async function driveSignIn(o: SignInDrive & { authorizeUrl: string }): Promise<DriveResult> {
  const redirectUri = new URL(o.authorizeUrl).searchParams.get('redirect_uri');
  if (!redirectUri) throw new Error('authorize URL has no redirect_uri');
  const trace: FlowTrace = { pages: [], consentScopes: [] };
  const params = await walkPages(o.sandbox, o.authorizeUrl, { redirectUri, upn: o.upn, password: o.password, consent: o.consent ?? 'accept' }, trace);
  const res = await fetch(`${redirectUri}?${params}`, { redirect: 'manual', headers: o.api.cookie ? { cookie: `tandem_session=${o.api.cookie}` } : {} });
  const body = await res.text();
  const loc = res.headers.get('location');
  const location = loc ? new URL(loc, redirectUri) : undefined;
  const error = location?.searchParams.get('error') ?? undefined;
  const view = await o.api.request<ConnectionView>('GET', '/api/microsoft');
  return { ok: res.status === 303 && !error, error, location, callbackStatus: res.status, callbackBody: body, trace, view: view.body };
}

/** Starts a flow with a POST that answers {authorizeUrl} and drives it; throws when the POST fails. */
export async function postAndDrive(o: SignInDrive & { path: string; body?: unknown }): Promise<DriveResult> {
  const res = await o.api.request<{ authorizeUrl: string }>('POST', o.path, o.body);
  if (res.status !== 200) throw new Error(`POST ${o.path} -> ${res.status}: ${JSON.stringify(res.body)}`);
  return driveSignIn({ ...o, authorizeUrl: res.body.authorizeUrl });
}

/**
 * Connects the API client's Tandem user to a sandbox user. `features` defaults to Outlook mail
 * and sending (the sign-in scopes are always added).
 */
export async function connectMicrosoft(o: SignInDrive & { features?: string[] }): Promise<DriveResult> {
  return postAndDrive({ ...o, path: '/api/microsoft/connect', body: { features: o.features ?? ['mail', 'sendMail'] } });
}

/** The account row id of the API client's user (for tests that go below the HTTP API). */
export async function accountIdOf(env: MicrosoftTestEnv, api: ApiClient): Promise<string | undefined> {
  return (await env.integration.accounts.byUser(api.user!.id))?.id;
}
