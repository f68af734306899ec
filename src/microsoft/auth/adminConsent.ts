import { forBrowser } from './browserLogin.js';
import type { IdentitySettings } from './msalApp.js';
import { classifyIdentityError } from '../graph/identityErrors.js';
import type { MicrosoftError } from '../graph/errors.js';

/**
 * The admin-consent endpoint: a tenant administrator grants the listed scopes for the whole tenant.
 * `tenant` must be a tenant id, a verified domain or `organizations`, never `common`.
 */
export function adminConsentUrl(
  settings: Pick<IdentitySettings, 'loginUrl' | 'browserLoginUrl' | 'clientId'>,
  input: { tenant: string; scopes: string[]; redirectUri: string; state: string },
): string {
  if (input.tenant.toLowerCase() === 'common' || input.tenant.toLowerCase() === 'consumers') {
    throw new Error('admin consent needs a tenant id, a verified domain or "organizations"');
  }
  const url = new URL(`${settings.loginUrl.replace(/\/+$/, '')}/${encodeURIComponent(input.tenant)}/v2.0/adminconsent`);
  url.searchParams.set('client_id', settings.clientId);
  url.searchParams.set('scope', input.scopes.join(' '));
  url.searchParams.set('redirect_uri', input.redirectUri);
  url.searchParams.set('state', input.state);
  return forBrowser(url.toString(), settings);
}

export type AdminConsentCallback =
  | { ok: true; state: string | undefined; tenant: string | undefined; scopes: string[] }
  | { ok: false; state: string | undefined; tenant: string | undefined; error: MicrosoftError; errorCode: string; errorDescription: string | undefined };

/**
 * Parses the redirect back from the admin-consent endpoint. The caller must compare `state` with the
 * one it issued, and must not authorize anyone on the strength of `tenant`: it is only a hint.
 */
export function parseAdminConsentCallback(query: URLSearchParams | Record<string, string | undefined>): AdminConsentCallback {
  const get = (k: string) => (query instanceof URLSearchParams ? (query.get(k) ?? undefined) : query[k]);
  const state = get('state');
  const tenant = get('tenant');
  const error = get('error');
  const granted = (get('admin_consent') ?? '').toLowerCase() === 'true';
  if (error || !granted) {
    const errorCode = error ?? 'access_denied';
    const errorDescription = get('error_description');
    return { ok: false, state, tenant, errorCode, errorDescription, error: classifyIdentityError({ source: 'authorize', error: errorCode, ...(errorDescription ? { error_description: errorDescription } : {}) }) };
  }
  const scope = get('scope') ?? '';
  return { ok: true, state, tenant, scopes: scope.split(/\s+/).filter(Boolean) };
}
