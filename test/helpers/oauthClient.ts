/**
 * Drives the sandbox's sign-in pages over plain HTTP as a browser would, then redeems the
 * code: the way every test gets real tokens.
 *
 *   const r = await signInWithPkce({ sandbox: sb, tenant: tenant.id, clientId, clientSecret, redirectUri,
 *     upn: 'ann@t1.onmicrosoft.com', password: 'pw', scopes: ['openid', 'offline_access', 'Mail.Read'] });
 *   if (!r.ok) throw new Error(r.error);
 *   r.tokens.access_token;  // Bearer for sb.urls.graph
 */
import { createHash, randomBytes } from 'node:crypto';
import type { AadErrorBody, TokenResponse } from '../../sandbox/identity/index.js';
import type { TestSandbox } from './sandbox.js';

export type { AadErrorBody, TokenResponse };

export interface SignInOptions {
  sandbox: TestSandbox;
  /** Tenant id, verified domain, `organizations` or `common`. */
  tenant: string;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  upn: string;
  password: string;
  scopes: string[];
  /** What to press on the consent page, if one is shown. Default 'accept'. */
  consent?: 'accept' | 'cancel';
  state?: string;
  nonce?: string;
  prompt?: string;
  /** Overrides for the authorize query (set a value to '' to drop the parameter). */
  extraAuthorizeParams?: Record<string, string>;
  /** Send this verifier to the token endpoint instead of the right one. */
  verifierOverride?: string;
  /** Walk the pages on the sandbox's loopback HTTP sign-in listener instead of the HTTPS login one. */
  pagesAt?: 'login' | 'signIn';
  /** Stop after the redirect: return the code without redeeming it. */
  skipRedeem?: boolean;
}

/** What the pages showed along the way, for assertions on the flow itself. */
export interface FlowTrace {
  pages: Array<'signin' | 'consent' | 'admin-approval'>;
  /** Scopes listed on each consent page shown, in order. */
  consentScopes: string[][];
}

export type SignInResult =
  | { ok: true; code: string; state?: string; tokens?: TokenResponse; tokenError?: AadErrorBody; verifier: string; trace: FlowTrace }
  | { ok: false; error: string; errorDescription: string; state?: string; params: URLSearchParams; trace: FlowTrace };

export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

interface Form { action: string; fields: Record<string, string>; buttons: Array<{ name?: string; value?: string; text: string }> }

function decode(s: string): string {
  return s.replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n))).replace(/&amp;/g, '&');
}

function parseForm(html: string): Form | undefined {
  const form = /<form[^>]*action="([^"]*)"[^>]*>([\s\S]*?)<\/form>/.exec(html);
  if (!form) return undefined;
  const fields: Record<string, string> = {};
  for (const m of form[2]!.matchAll(/<input([^>]*)>/g)) {
    const name = /name="([^"]*)"/.exec(m[1]!)?.[1];
    if (name) fields[name] = decode(/value="([^"]*)"/.exec(m[1]!)?.[1] ?? '');
  }
  const buttons = [...form[2]!.matchAll(/<button([^>]*)>([^<]*)<\/button>/g)].map((m) => ({
    name: /name="([^"]*)"/.exec(m[1]!)?.[1], value: /value="([^"]*)"/.exec(m[1]!)?.[1], text: m[2]!,
  }));
  return { action: decode(form[1]!), fields, buttons };
}

/** The authorize URL for these options (PKCE S256 unless overridden). */
export function authorizeUrl(o: SignInOptions, challenge: string): string {
  const params: Record<string, string> = {
    client_id: o.clientId, response_type: 'code', redirect_uri: o.redirectUri, response_mode: 'query',
    scope: o.scopes.join(' '), state: o.state ?? randomBytes(8).toString('hex'), code_challenge: challenge,
    code_challenge_method: 'S256', login_hint: o.upn, ...(o.nonce ? { nonce: o.nonce } : {}), ...(o.prompt ? { prompt: o.prompt } : {}),
    ...o.extraAuthorizeParams,
  };
  const url = new URL(`${o.pagesAt === 'signIn' ? o.sandbox.urls.signIn : o.sandbox.urls.login}/${encodeURIComponent(o.tenant)}/oauth2/v2.0/authorize`);
  for (const [k, v] of Object.entries(params)) if (v !== '') url.searchParams.set(k, v);
  return url.toString();
}

/**
 * Follows an interactive flow (authorize or adminconsent) from its first URL until the browser
 * would be sent back to `redirectUri`; returns that redirect's parameters.
 */
export async function walkPages(sandbox: TestSandbox, startUrl: string, o: { redirectUri: string; upn: string; password: string; consent?: 'accept' | 'cancel' }, trace: FlowTrace): Promise<URLSearchParams> {
  let res = await sandbox.fetch(startUrl, { redirect: 'manual' });
  let pageUrl = startUrl;
  for (let step = 0; step < 6; step += 1) {
    if (res.status === 302 || res.status === 303) {
      const location = res.headers.get('location') ?? '';
      await res.arrayBuffer();
      if (location.startsWith(o.redirectUri)) return new URL(location).searchParams;
      throw new Error(`unexpected redirect to ${location}`);
    }
    const html = await res.text();
    const form = res.status === 200 ? parseForm(html) : undefined;
    if (!form) throw new Error(`sign-in flow stopped with HTTP ${res.status}: ${/role="alert">([^<]*)/.exec(html)?.[1] ?? html.slice(0, 300)}`);
    const body = new URLSearchParams(form.fields);
    if ('passwd' in form.fields) {
      if (trace.pages.includes('signin') && /role="alert"/.test(html)) throw new Error(`sign-in failed: ${decode(/role="alert">([^<]*)/.exec(html)?.[1] ?? '')}`);
      trace.pages.push('signin');
      body.set('login', o.upn);
      body.set('passwd', o.password);
    } else if (form.buttons.some((b) => b.value === 'return')) {
      trace.pages.push('admin-approval');
      body.set('decision', 'return');
    } else {
      trace.pages.push('consent');
      trace.consentScopes.push([...html.matchAll(/data-scope="([^"]*)"/g)].map((m) => m[1]!));
      body.set('decision', o.consent ?? 'accept');
    }
    const action = new URL(form.action, pageUrl).toString();
    pageUrl = action;
    res = await sandbox.fetch(action, { method: 'POST', redirect: 'manual', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  }
  throw new Error('sign-in flow did not finish');
}

/** POSTs a form to the tenant's token endpoint; returns the status and the parsed body. */
export async function tokenRequest(sandbox: TestSandbox, tenant: string, form: Record<string, string>): Promise<{ status: number; body: TokenResponse | AadErrorBody }> {
  const res = await sandbox.fetch(`${sandbox.urls.login}/${encodeURIComponent(tenant)}/oauth2/v2.0/token`, {
    method: 'POST', body: new URLSearchParams(form), headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  return { status: res.status, body: (await res.json()) as TokenResponse | AadErrorBody };
}

export function isTokenError(body: TokenResponse | AadErrorBody): body is AadErrorBody {
  return 'error' in body;
}

/** The refresh_token grant. */
export function refreshTokens(sandbox: TestSandbox, o: { tenant: string; clientId: string; clientSecret: string; refreshToken: string; scopes?: string[] }) {
  return tokenRequest(sandbox, o.tenant, {
    grant_type: 'refresh_token', client_id: o.clientId, client_secret: o.clientSecret, refresh_token: o.refreshToken,
    ...(o.scopes ? { scope: o.scopes.join(' ') } : {}),
  });
}

/** The whole authorization-code flow with PKCE, through the real HTML pages. */
export async function signInWithPkce(o: SignInOptions): Promise<SignInResult> {
  const { verifier, challenge } = pkcePair();
  const trace: FlowTrace = { pages: [], consentScopes: [] };
  const params = await walkPages(o.sandbox, authorizeUrl(o, challenge), o, trace);
  const state = params.get('state') ?? undefined;
  const error = params.get('error');
  if (error) return { ok: false, error, errorDescription: params.get('error_description') ?? '', state, params, trace };
  const code = params.get('code');
  if (!code) throw new Error(`redirect carried neither code nor error: ${params.toString()}`);
  if (o.skipRedeem) return { ok: true, code, state, verifier, trace };
  const { body } = await tokenRequest(o.sandbox, o.tenant, {
    grant_type: 'authorization_code', client_id: o.clientId, client_secret: o.clientSecret, code,
    redirect_uri: o.redirectUri, code_verifier: o.verifierOverride ?? verifier, scope: o.scopes.join(' '), client_info: '1',
  });
  return isTokenError(body) ? { ok: true, code, state, tokenError: body, verifier, trace } : { ok: true, code, state, tokens: body, verifier, trace };
}

/** The admin-consent flow: `/{tenant}/v2.0/adminconsent`, signed in as `upn`. */
export async function adminConsent(o: Omit<SignInOptions, 'clientSecret'>): Promise<{ params: URLSearchParams; trace: FlowTrace }> {
  const url = new URL(`${o.pagesAt === 'signIn' ? o.sandbox.urls.signIn : o.sandbox.urls.login}/${encodeURIComponent(o.tenant)}/v2.0/adminconsent`);
  url.searchParams.set('client_id', o.clientId);
  url.searchParams.set('redirect_uri', o.redirectUri);
  url.searchParams.set('scope', o.scopes.map((s) => (s.includes('/') ? s : `https://graph.microsoft.com/${s}`)).join(' '));
  url.searchParams.set('state', o.state ?? 'admin-state');
  const trace: FlowTrace = { pages: [], consentScopes: [] };
  return { params: await walkPages(o.sandbox, url.toString(), o, trace), trace };
}
