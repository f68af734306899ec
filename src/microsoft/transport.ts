import { readFileSync } from 'node:fs';
import { rootCertificates } from 'node:tls';
import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from '@azure/msal-node';
import { Agent, fetch as undiciFetch } from 'undici';

/**
 * One HTTP transport for everything Tandem sends to Microsoft (identity platform and Graph).
 * Certificate verification always stays on: an extra CA (the sandbox's, or a corporate TLS proxy's)
 * is added to Node's default roots, never substituted for them.
 */
export interface TransportOptions {
  /** PEM file of an extra CA to trust in addition to Node's roots. */
  caFile?: string | undefined;
  connectTimeoutMs?: number;
  /** Time allowed for response headers, and between body chunks. */
  responseTimeoutMs?: number;
}

export interface Transport {
  fetch: typeof globalThis.fetch;
  networkModule: INetworkModule;
  close(): Promise<void>;
}

export function createTransport(opts: TransportOptions = {}): Transport {
  const ca = opts.caFile ? [...rootCertificates, readFileSync(opts.caFile, 'utf8')] : undefined;
  const responseTimeout = opts.responseTimeoutMs ?? 60_000;
  const agent = new Agent({
    connect: { ...(ca ? { ca } : {}), timeout: opts.connectTimeoutMs ?? 10_000 },
    keepAliveTimeout: 30_000,
    keepAliveMaxTimeout: 120_000,
    headersTimeout: responseTimeout,
    bodyTimeout: responseTimeout,
    connections: 64,
  });

  const boundFetch = ((input: Parameters<typeof globalThis.fetch>[0], init?: RequestInit) =>
    undiciFetch(input as never, { ...(init as object), dispatcher: agent } as never)) as unknown as typeof globalThis.fetch;

  return { fetch: boundFetch, networkModule: msalNetworkModule(boundFetch), close: () => agent.close() };
}

/** MSAL's network hook, over the same agent, so MSAL trusts the same CAs as the Graph client. */
export function msalNetworkModule(fetchFn: typeof globalThis.fetch): INetworkModule {
  async function send<T>(method: 'GET' | 'POST', url: string, options?: NetworkRequestOptions, timeoutMs?: number): Promise<NetworkResponse<T>> {
    const res = await fetchFn(url, {
      method,
      headers: options?.headers,
      body: method === 'POST' ? options?.body : undefined,
      signal: timeoutMs ? AbortSignal.timeout(timeoutMs) : undefined,
    });
    const text = await res.text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      // MSAL reads the OAuth error shape from the body; give it one for non-JSON failures (e.g. a proxy's HTML page).
      body = { error: res.status >= 500 ? 'server_error' : 'client_error', error_description: `HTTP ${res.status} with a non-JSON body` };
    }
    const headers: Record<string, string> = {};
    res.headers.forEach((value, key) => {
      headers[key] = value;
    });
    return { status: res.status, headers, body: body as T };
  }
  return {
    sendGetRequestAsync: (url, options, timeout) => send('GET', url, options, timeout),
    sendPostRequestAsync: (url, options) => send('POST', url, options),
  };
}
