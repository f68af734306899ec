/**
 * Microsoft's own clients (MSAL Node, the Graph JavaScript SDK 3.x) pointed at a sandbox that
 * listens on both loopbacks, configured the way the sandbox README tells a developer to.
 */
import { ConfidentialClientApplication, type AuthenticationResult } from '@azure/msal-node';
import { Client } from '@microsoft/microsoft-graph-client';
import { Agent } from 'undici';
import { pkcePair, walkPages } from '../helpers/oauthClient.js';
import { control, createTenantWithUsers, registerApp, startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';

export const REDIRECT = 'https://app.example/clients/callback';
export const PASSWORD = 'Clients-Test-1';

/** The names a developer may call the sandbox by. */
export const ALL_HOSTS = ['localhost', '127.0.0.1', '[::1]'] as const;

/** Starts the sandbox bound to both loopbacks (`host: 'localhost'`). */
export function startClientsSandbox(): Promise<TestSandbox> {
  return startTestSandbox({ host: 'localhost', notificationDelayMs: 30 });
}

/**
 * The host names to test with. A machine without IPv6 loopback cannot serve `[::1]`: that is said
 * out loud (the returned note goes into the test's diagnostics) rather than skipped in silence.
 */
export function reachableHosts(sb: TestSandbox): { hosts: string[]; note?: string } {
  if (sb.addresses.includes('::1')) return { hosts: [...ALL_HOSTS] };
  return { hosts: ALL_HOSTS.filter((h) => h !== '[::1]'), note: 'IPv6 loopback (::1) is not available on this machine: [::1] is not tested' };
}

/** The same URL with another host name, the port kept. */
export function atHost(url: string, host: string): string {
  const u = new URL(url);
  u.hostname = host;
  return u.toString().replace(/\/$/, '');
}

export interface ClientsTenant { tenantId: string; domain: string; upns: string[]; userIds: string[]; clientId: string; clientSecret: string; appName: string }

/** A tenant with users and a registered app, under unique names. */
export async function seedTenant(sb: TestSandbox, label: string, users = ['ann', 'ben']): Promise<ClientsTenant> {
  const domain = `${label}.onmicrosoft.com`;
  const { tenant, users: created } = await createTenantWithUsers(sb, { domain, users: users.map((u) => ({ userPrincipalName: u, password: PASSWORD })) });
  const appName = `Clients test app ${label}`;
  const app = await registerApp(sb, { redirectUris: [REDIRECT], displayName: appName });
  return { tenantId: tenant.id, domain, upns: created.map((u) => u.userPrincipalName), userIds: created.map((u) => u.id), clientId: app.clientId, clientSecret: app.clientSecret, appName };
}

/**
 * A confidential client for `authority` (e.g. https://localhost:PORT/common). The sandbox is a
 * known authority (MSAL then asks its discovery document, not Microsoft's instance discovery),
 * and MSAL's HTTP client trusts the sandbox CA through its agent options.
 */
export function msalClient(sb: TestSandbox, t: ClientsTenant, authority: string): ConfidentialClientApplication {
  return new ConfidentialClientApplication({
    auth: { clientId: t.clientId, clientSecret: t.clientSecret, authority, knownAuthorities: [new URL(authority).host] },
    system: { customAgentOptions: { ca: sb.caPem } },
  });
}

/** MSAL's auth code flow with PKCE, through the sandbox's sign-in and consent pages. */
export async function signInWithMsal(sb: TestSandbox, cca: ConfidentialClientApplication, upn: string, scopes: string[]): Promise<AuthenticationResult> {
  const { verifier, challenge } = pkcePair();
  const url = await cca.getAuthCodeUrl({ scopes, redirectUri: REDIRECT, codeChallenge: challenge, codeChallengeMethod: 'S256', state: 'st', loginHint: upn });
  const params = await walkPages(sb, url, { redirectUri: REDIRECT, upn, password: PASSWORD }, { pages: [], consentScopes: [] });
  const code = params.get('code');
  if (!code) throw new Error(`no code: ${params.toString()}`);
  return cca.acquireTokenByCode({ code, scopes, redirectUri: REDIRECT, codeVerifier: verifier });
}

/** Token requests the sandbox answered, by grant type. */
export async function tokenRequests(sb: TestSandbox): Promise<Record<string, number>> {
  return (await control<{ tokenRequests: Record<string, number> }>(sb, 'GET', '/control/identity/stats')).tokenRequests;
}

/**
 * The Graph SDK at `https://{host}:PORT/v1.0`. Its default middleware (auth, retry, redirect,
 * telemetry) is kept. Node 20 has fetch; TLS trust goes in through fetchOptions' dispatcher.
 * The SDK attaches the token only to Graph hosts and `customHosts`; it finds a URL's host by
 * cutting at the first ':', which for an IPv6 literal leaves '[', so that is what it must be told.
 */
export function graphClient(sb: TestSandbox, host: string, token: () => Promise<string> | string): { client: Client; dispatcher: Agent } {
  const dispatcher = new Agent({ connect: { ca: sb.caPem } });
  const base = atHost(sb.urls.graph, host);
  const sdkHost = base.replace('https://', '').split(/[:/]/)[0]!;
  const client = Client.init({
    baseUrl: `${base}/`,
    customHosts: new Set([sdkHost]),
    fetchOptions: { dispatcher } as RequestInit,
    authProvider: (done) => { Promise.resolve(token()).then((t) => done(null, t), (e: Error) => done(e, null)); },
  });
  return { client, dispatcher };
}
