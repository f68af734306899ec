import type { FastifyInstance } from 'fastify';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type Config } from '../../src/config/env.js';
import type { DatabaseHandle } from '../../src/db/database.js';
import type { LiveEvent, LiveEvents } from '../../src/events/liveEvents.js';
import { FailureLimiter } from '../../src/http/rateLimit.js';
import { buildServer, type ServerDeps } from '../../src/http/server.js';
import { createLogger } from '../../src/lib/log.js';
import { openTestDatabase, type DbKind } from './db.js';
import { waitFor } from './wait.js';

/** In-process bus for tests, so API tests do not depend on the production implementations. */
export class MemoryLiveEvents implements LiveEvents {
  readonly published: LiveEvent[] = [];
  private readonly listeners = new Set<(event: LiveEvent) => void>();
  async publish(event: LiveEvent): Promise<void> {
    this.published.push(event);
    for (const l of this.listeners) l(event);
  }
  subscribe(listener: (event: LiveEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  async close(): Promise<void> {
    this.listeners.clear();
  }
}

export interface TestServer {
  url: string;
  app: FastifyInstance;
  database: DatabaseHandle & { url: string };
  live: LiveEvents;
  config: Config;
  close(): Promise<void>;
}

export interface StartOptions {
  kind: DbKind;
  configOverrides?: Partial<Config>;
  extraRoutes?: ServerDeps['extraRoutes'];
  live?: LiveEvents;
  signinLimiter?: FailureLimiter;
  webRoot?: string;
  heartbeatMs?: number;
}

/** A real server on 127.0.0.1 with an ephemeral port over a fresh, migrated database of the given kind. */
export async function startTestServer(options: StartOptions): Promise<TestServer> {
  const database = await openTestDatabase(options.kind);
  const base = loadConfig({
    DATABASE_URL: database.url,
    TANDEM_SECRET_KEY: randomBytes(32).toString('hex'),
    TANDEM_DATA_DIR: mkdtempSync(join(tmpdir(), 'tandem-data-')),
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
  });
  const config: Config = { ...base, ...options.configOverrides };
  const live = options.live ?? new MemoryLiveEvents();
  const app = await buildServer({
    config,
    database,
    log: createLogger(config.logLevel),
    live,
    extraRoutes: options.extraRoutes,
    signinLimiter: options.signinLimiter,
    heartbeatMs: options.heartbeatMs,
    webRoot: options.webRoot ?? join(tmpdir(), 'tandem-no-web-app'),
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('server has no TCP address');
  return {
    url: `http://127.0.0.1:${address.port}`,
    app,
    database,
    live,
    config,
    async close() {
      await app.close();
      await live.close();
      await database.close();
    },
  };
}

export interface ApiResponse<T = any> { // eslint-disable-line @typescript-eslint/no-explicit-any
  status: number;
  body: T;
  headers: Headers;
}

let counter = 0;

/** A tiny API client: a cookie jar for the session cookie, the CSRF header, or a bearer token. */
export class ApiClient {
  cookie: string | undefined;
  csrfToken: string | undefined;
  user: { id: string; email: string; name: string } | undefined;
  workspaceId: string | undefined;

  constructor(
    readonly baseUrl: string,
    readonly bearer?: string,
  ) {}

  withToken(token: string): ApiClient {
    return new ApiClient(this.baseUrl, token);
  }

  async signup(input: { email?: string; password?: string; name?: string } = {}): Promise<ApiResponse> {
    counter += 1;
    const body = {
      email: input.email ?? `user${counter}-${randomBytes(4).toString('hex')}@example.test`,
      password: input.password ?? 'correct horse battery',
      name: input.name ?? `User ${counter}`,
    };
    const res = await this.request('POST', '/api/auth/signup', body);
    if (res.status !== 201) throw new Error(`signup failed: ${res.status} ${JSON.stringify(res.body)}`);
    this.remember(res);
    return res;
  }

  async signin(email: string, password: string): Promise<ApiResponse> {
    const res = await this.request('POST', '/api/auth/signin', { email, password });
    if (res.status === 200) this.remember(res);
    return res;
  }

  private remember(res: ApiResponse): void {
    this.csrfToken = res.body.csrfToken;
    this.user = res.body.user;
    this.workspaceId = res.body.workspace.id;
  }

  /**
   * Sends JSON (or rawBody as given) and returns status, parsed body and headers. The CSRF header
   * goes with every cookie-authenticated request unless csrf: false.
   */
  async request<T = any>( // eslint-disable-line @typescript-eslint/no-explicit-any
    method: string,
    path: string,
    body?: unknown,
    options: { csrf?: boolean; headers?: Record<string, string>; rawBody?: string } = {},
  ): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (this.bearer) headers.authorization = `Bearer ${this.bearer}`;
    else if (this.cookie) headers.cookie = `tandem_session=${this.cookie}`;
    if (!this.bearer && this.csrfToken && options.csrf !== false) headers['x-csrf-token'] = this.csrfToken;
    let payload: string | undefined = options.rawBody;
    if (body !== undefined) payload = JSON.stringify(body);
    if (payload !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['content-type'] = 'application/json';
    const res = await fetch(this.baseUrl + path, { method, headers, body: payload });
    for (const line of res.headers.getSetCookie()) {
      const match = /^tandem_session=([^;]*)/.exec(line);
      if (match) this.cookie = match[1] && !/max-age=0|expires=thu, 01 jan 1970/i.test(line) ? match[1] : undefined;
    }
    const text = await res.text();
    let parsed: unknown = text;
    if ((res.headers.get('content-type') ?? '').includes('json') && text) parsed = JSON.parse(text);
    return { status: res.status, body: parsed as T, headers: res.headers };
  }
}

export interface EventStream {
  events: Array<{ type: string; data: unknown }>;
  raw: () => string;
  /** True once the server ended the stream. */
  ended: () => boolean;
  waitForEvent(predicate: (e: { type: string; data: unknown }) => boolean, timeoutMs?: number): Promise<{ type: string; data: unknown }>;
  close(): void;
}

/** Opens GET /api/events as the client and collects parsed events until close(). */
export async function openEventStream(client: ApiClient): Promise<EventStream> {
  const controller = new AbortController();
  const headers: Record<string, string> = client.bearer ? { authorization: `Bearer ${client.bearer}` } : { cookie: `tandem_session=${client.cookie ?? ''}` };
  const res = await fetch(`${client.baseUrl}/api/events`, { headers, signal: controller.signal });
  if (res.status !== 200 || !res.body) throw new Error(`event stream answered ${res.status}`);
  const events: EventStream['events'] = [];
  let buffer = '';
  let all = '';
  let ended = false;
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  void (async () => {
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) {
          ended = true;
          return;
        }
        all += value;
        buffer += value;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const type = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (type && data !== undefined) events.push({ type, data: JSON.parse(data) });
        }
      }
    } catch {
      // aborted by close()
    }
  })();
  await waitFor(() => all.includes(': connected'), { message: 'event stream never said it was connected' });
  return {
    events,
    raw: () => all,
    ended: () => ended,
    waitForEvent: (predicate, timeoutMs = 5_000) => waitFor(() => events.find(predicate), { timeoutMs, message: 'expected event never arrived' }),
    close: () => controller.abort(),
  };
}
