import { randomUUID } from 'node:crypto';
import type { Logger } from '../../lib/log.js';
import { concurrencySlots, runBatch, type BatchItem, type BatchResult, type GraphMethod } from './batch.js';
import { classifyGraphResponse, classifyNetworkError, MicrosoftError } from './errors.js';
import { classifyMsalError } from './identityErrors.js';
import { KeyedSemaphore } from './keyedSemaphore.js';
import { lowerCaseHeaders, mergePrefer } from './requestHeaders.js';
import { backoffMs } from './retryAfter.js';

export type { GraphMethod };

export interface GraphRequest {
  method: GraphMethod;
  /** '/me/messages' relative to {graphUrl}/v1.0, or an absolute nextLink/deltaLink URL on the Graph host. */
  path: string;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface GraphResponse<T> {
  status: number;
  body: T;
  headers: Headers;
}

export interface GraphPage<T> {
  items: T[];
  nextLink?: string;
  deltaLink?: string;
}

export type AccessTokenProvider = (accountId: string, opts: { forceRefresh: boolean }) => Promise<string>;

export interface GraphClientOptions {
  graphUrl: string;
  fetch: typeof globalThis.fetch;
  accessToken: AccessTokenProvider;
  log: Logger;
  /** Outlook allows 4 concurrent requests per app per mailbox; a $batch counts as the requests it runs at once. */
  concurrencyPerMailbox?: number;
  maxAttempts?: number;
  sleep?: (ms: number) => Promise<void>;
}

export interface GraphStats {
  requests: number;
  byAccount: Map<string, number>;
  throttled: number;
  peakConcurrency: number;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The one way Tandem calls Microsoft Graph. Owns the bearer token (with one forced refresh on 401),
 * immutable ids on every request, per-mailbox concurrency, Retry-After and retries: reads retry on
 * throttling and transient failures, writes only on explicit throttling because a retried create
 * can duplicate. Failures surface as MicrosoftError with a kind.
 */
export class GraphClient {
  private readonly base: URL;
  private readonly apiRoot: string;
  private readonly semaphore: KeyedSemaphore;
  private readonly maxAttempts: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly counters = { requests: 0, throttled: 0, byAccount: new Map<string, number>() };

  constructor(private readonly opts: GraphClientOptions) {
    this.base = new URL(opts.graphUrl);
    this.apiRoot = `${opts.graphUrl.replace(/\/+$/, '')}/v1.0`;
    this.semaphore = new KeyedSemaphore(opts.concurrencyPerMailbox ?? 4);
    this.maxAttempts = Math.max(1, opts.maxAttempts ?? 5);
    this.sleep = opts.sleep ?? defaultSleep;
  }

  /** Resolves a path or an absolute link; refuses any host but the configured Graph host, so a token never leaves it. */
  resolveUrl(path: string): string {
    if (/^[a-z][a-z0-9+.-]*:/i.test(path)) {
      const u = new URL(path);
      if (u.origin !== this.base.origin) {
        throw new MicrosoftError('fatal', `refusing to send a Graph token to ${u.origin}: not the configured Graph host`);
      }
      return u.toString();
    }
    if (!path.startsWith('/')) throw new MicrosoftError('fatal', 'Graph paths must start with "/"');
    return this.apiRoot + path;
  }

  async request<T>(accountId: string, req: GraphRequest): Promise<GraphResponse<T>> {
    const url = this.resolveUrl(req.path);
    const isRead = req.method === 'GET';
    const requestId = randomUUID();
    const slots = concurrencySlots(req.method, url, req.body);
    let forceRefresh = false;
    let refreshed = false;
    for (let attempt = 1; ; attempt++) {
      let token: string;
      try {
        token = await this.opts.accessToken(accountId, { forceRefresh });
      } catch (e) {
        throw classifyMsalError(e);
      }
      forceRefresh = false;
      let result: GraphResponse<unknown>;
      try {
        result = await this.semaphore.run(accountId, () => this.send(accountId, url, req, token, requestId), slots);
      } catch (e) {
        const err = classifyNetworkError(e);
        if (isRead && attempt < this.maxAttempts) {
          await this.wait(accountId, req, attempt, backoffMs(attempt), err);
          continue;
        }
        throw err;
      }
      if (result.status < 400) return result as GraphResponse<T>;

      const err = classifyGraphResponse(result.status, result.body, result.headers);
      if (err.kind === 'throttled') this.counters.throttled++;
      if (result.status === 401 && !refreshed) {
        // An access token can be revoked or expire early; one forced refresh, then the 401 stands.
        refreshed = true;
        forceRefresh = true;
        attempt--;
        continue;
      }
      const retryable = err.kind === 'throttled' || (isRead && err.kind === 'transient');
      if (retryable && attempt < this.maxAttempts) {
        await this.wait(accountId, req, attempt, err.retryAfterMs ?? backoffMs(attempt), err);
        continue;
      }
      throw err;
    }
  }

  async get<T>(accountId: string, path: string, headers?: Record<string, string>): Promise<T> {
    const res = await this.request<T>(accountId, { method: 'GET', path, ...(headers ? { headers } : {}) });
    return res.body;
  }

  /**
   * Follows @odata.nextLink until a page carries @odata.deltaLink (or neither), yielding every page
   * so the caller can persist its cursor after each one. A page that cannot be read throws: the
   * round is never reported complete on a partial read. Links are returned absolute: OData lets a
   * server write them relative to the page they came from, and a stored cursor must stand alone.
   */
  async *pages<T>(accountId: string, firstUrl: string, headers?: Record<string, string>): AsyncGenerator<GraphPage<T>> {
    let url: string | undefined = this.resolveUrl(firstUrl);
    while (url) {
      const body = asCollectionPage(await this.get<unknown>(accountId, url, headers));
      const nextLink = this.link(body['@odata.nextLink'], url);
      const deltaLink = this.link(body['@odata.deltaLink'], url);
      const items = (body.value ?? []) as T[];
      yield { items, ...(nextLink ? { nextLink } : {}), ...(deltaLink ? { deltaLink } : {}) };
      url = deltaLink ? undefined : nextLink;
    }
  }

  /** A nextLink or deltaLink made absolute against the page's URL, and held to the Graph host. */
  private link(raw: unknown, pageUrl: string): string | undefined {
    if (typeof raw !== 'string' || raw.trim() === '') return undefined;
    let absolute: string;
    try {
      absolute = new URL(raw, pageUrl).toString();
    } catch {
      throw new MicrosoftError('fatal', 'Graph returned a paging link that is not a URL');
    }
    return this.resolveUrl(absolute);
  }

  /** JSON batching: splits into calls of at most 20, retries items answered 429 after their Retry-After. */
  batch(accountId: string, items: BatchItem[]): Promise<BatchResult[]> {
    return runBatch(this, accountId, items, { maxAttempts: this.maxAttempts, sleep: this.sleep });
  }

  stats(): GraphStats {
    return {
      requests: this.counters.requests,
      byAccount: new Map(this.counters.byAccount),
      throttled: this.counters.throttled,
      peakConcurrency: this.semaphore.peakConcurrency(),
    };
  }

  private async send(accountId: string, url: string, req: GraphRequest, token: string, requestId: string): Promise<GraphResponse<unknown>> {
    this.counters.requests++;
    this.counters.byAccount.set(accountId, (this.counters.byAccount.get(accountId) ?? 0) + 1);
    const caller = lowerCaseHeaders(req.headers);
    const headers: Record<string, string> = {
      accept: 'application/json',
      ...caller,
      authorization: `Bearer ${token}`,
      prefer: mergePrefer(caller.prefer),
      'client-request-id': requestId,
    };
    let body: string | undefined;
    if (req.body !== undefined) {
      body = typeof req.body === 'string' ? req.body : JSON.stringify(req.body);
      headers['content-type'] ??= 'application/json';
    }
    const started = Date.now();
    const res = await this.opts.fetch(url, { method: req.method, headers, ...(body !== undefined ? { body } : {}) });
    const text = await res.text();
    const type = res.headers.get('content-type') ?? '';
    let parsed: unknown = text === '' ? undefined : text;
    // Graph labels JSON as such; a compatible server may send it as text/plain or unlabelled.
    if (text !== '' && (/json/i.test(type) || (!/html|xml/i.test(type) && /^\s*[[{]/.test(text)))) {
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = text;
      }
    }
    // Path only: query strings can carry delta tokens, and bodies can carry personal data.
    this.opts.log.debug({ accountId, method: req.method, path: new URL(url).pathname, status: res.status, ms: Date.now() - started, requestId }, 'graph request');
    return { status: res.status, body: parsed, headers: res.headers };
  }

  private async wait(accountId: string, req: GraphRequest, attempt: number, ms: number, err: MicrosoftError): Promise<void> {
    this.opts.log.warn({ accountId, method: req.method, kind: err.kind, status: err.status, code: err.code, attempt, waitMs: ms }, 'graph request retrying');
    await this.sleep(ms);
  }
}

/**
 * A successful page must be a JSON collection: an object whose `value` is an array (an empty page
 * may leave `value` out if it still carries a link). Anything else (a proxy's HTML page, a bare
 * string) would otherwise read as "no items, no more pages", and an empty folder listing or a
 * finished round on that basis deletes local rows that still exist.
 */
function asCollectionPage(body: unknown): Record<string, unknown> & { value?: unknown[] } {
  const b = body as Record<string, unknown> | null | undefined;
  const isObject = typeof b === 'object' && b !== null && !Array.isArray(b);
  if (isObject) {
    if (Array.isArray(b.value)) return b as Record<string, unknown> & { value: unknown[] };
    const hasLink = typeof b['@odata.nextLink'] === 'string' || typeof b['@odata.deltaLink'] === 'string';
    if (b.value === undefined && hasLink) return b;
  }
  throw new MicrosoftError('transient', 'Graph answered a page that is not a JSON collection', { status: 200 });
}
