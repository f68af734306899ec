/**
 * Starting the sandbox tenant in a test, and talking to it.
 *
 *   const sb = await startTestSandbox();               // ephemeral ports, temp data dir
 *   after(() => sb.close());                           // also deletes the temp dir
 *   const { tenant, users } = await createTenantWithUsers(sb, { domain: 't1.onmicrosoft.com', users: [{ userPrincipalName: 'ann', password: 'pw' }] });
 *   const app = await registerApp(sb, { redirectUris: ['https://app.test/callback'] });
 *   const res = await sb.fetch(`${sb.urls.graph}/v1.0/me`, { headers: { authorization: `Bearer ${token}` } });
 *
 * `sb.fetch` (or `sandboxFetch(sb)`) trusts the sandbox's CA and nothing is ever unverified.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, fetch as undiciFetch, type RequestInit, type Response } from 'undici';
import { defaultSandboxConfig, type SandboxConfig } from '../../sandbox/core/config.js';
import type { DirectoryUser } from '../../sandbox/core/directory.js';
import type { Tenant } from '../../sandbox/identity/directory.js';
import { startSandbox, type RegisteredApp, type RunningSandbox } from '../../sandbox/server.js';

export type SandboxFetch = (url: string | URL, init?: RequestInit) => Promise<Response>;

export interface TestSandbox extends RunningSandbox {
  dataDir: string;
  /** fetch that trusts the sandbox CA (use for login, Graph and control URLs alike). */
  fetch: SandboxFetch;
}

/** A fetch bound to an undici Agent that trusts the sandbox's CA (and the system's usual roots are not needed). */
export function sandboxFetch(sandbox: Pick<RunningSandbox, 'caPem'>): SandboxFetch {
  const dispatcher = new Agent({ connect: { ca: sandbox.caPem } });
  return (url, init) => undiciFetch(url, { ...init, dispatcher });
}

/**
 * Starts a sandbox on 127.0.0.1 with ephemeral ports in a fresh temp dir (unless
 * `overrides.dataDir` is given: then close() leaves the directory alone, for restart tests).
 */
export async function startTestSandbox(overrides: Partial<SandboxConfig> = {}): Promise<TestSandbox> {
  const ownsDir = !overrides.dataDir;
  const dataDir = overrides.dataDir ?? mkdtempSync(join(tmpdir(), 'tandem-sandbox-'));
  const config: SandboxConfig = { ...defaultSandboxConfig(dataDir), notificationDelayMs: 50, ...overrides, dataDir };
  const running = await startSandbox(config);
  const fetch = sandboxFetch(running);
  return {
    ...running,
    dataDir,
    fetch,
    close: async () => {
      await running.close();
      if (ownsDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Calls the control API; throws on a non-2xx answer with its body. */
export async function control<T>(sandbox: TestSandbox, method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<T> {
  const res = await sandbox.fetch(`${sandbox.urls.control}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`control ${method} ${path} -> ${res.status}: ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

export interface NewTestUser { userPrincipalName: string; password: string; isAdmin?: boolean; displayName?: string }

/** Creates a tenant and its users through the control API. Local parts get the tenant's domain. */
export async function createTenantWithUsers(
  sandbox: TestSandbox,
  input: { domain: string; displayName?: string; users: NewTestUser[] },
): Promise<{ tenant: Tenant; users: DirectoryUser[] }> {
  const tenant = await control<Tenant>(sandbox, 'POST', '/control/tenants', { displayName: input.displayName ?? input.domain.split('.')[0], domain: input.domain });
  const users: DirectoryUser[] = [];
  for (const u of input.users) users.push(await control<DirectoryUser>(sandbox, 'POST', `/control/tenants/${tenant.id}/users`, u));
  return { tenant, users };
}

/** Registers (or updates) an app; a client id and secret are generated when not given. */
export async function registerApp(
  sandbox: TestSandbox,
  input: { redirectUris: string[]; clientId?: string; clientSecret?: string; displayName?: string },
): Promise<RegisteredApp> {
  return control<RegisteredApp>(sandbox, 'POST', '/control/apps', input);
}
