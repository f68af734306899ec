import type { IdentitySettings } from './msalApp.js';

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Where the browser may be sent to sign in when it differs from the server's login URL: only the
 * sandbox does that, serving its pages on loopback HTTP (which browsers treat as secure) so a
 * newcomer meets no warning about the sandbox's own CA. Plain HTTP anywhere else would expose the
 * sign-in to the network, so it is refused.
 */
export function checkBrowserLoginUrl(raw: string): string {
  const url = new URL(raw);
  if (url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.has(url.hostname))) return raw.replace(/\/+$/, '');
  throw new Error(`the browser sign-in URL must be https, or http on localhost; got ${url.origin}`);
}

/** Moves an authorize or admin-consent URL built on the login URL onto the browser's sign-in URL. */
export function forBrowser(url: string, settings: Pick<IdentitySettings, 'loginUrl' | 'browserLoginUrl'>): string {
  if (!settings.browserLoginUrl) return url;
  const base = settings.loginUrl.replace(/\/+$/, '');
  if (!url.startsWith(`${base}/`)) throw new Error('sign-in URL is not on the configured login URL');
  return `${checkBrowserLoginUrl(settings.browserLoginUrl)}${url.slice(base.length)}`;
}
