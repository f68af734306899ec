/** Where a user removes an app's permissions at Microsoft: Tandem cannot withdraw a grant itself. */
export interface RevokeGuidance {
  /** null when Tandem knows no such page for this cloud. */
  url: string | null;
  /** The page's name, as the user will find it. */
  page: string;
}

/** Personal Microsoft accounts (outlook.com, hotmail.com) all sign in through this one tenant. */
const PERSONAL_ACCOUNTS_TENANT = '9188040d-6c67-4c5b-b112-36a304b66dad';

const WORK_PORTALS: Record<string, string> = {
  'login.microsoftonline.com': 'https://myapps.microsoft.com',
  'login.microsoft.com': 'https://myapps.microsoft.com',
  'login.microsoftonline.us': 'https://myapps.microsoft.us',
};

/**
 * Work or school accounts remove an app in My Apps; personal accounts on the account's
 * "Apps and services" permissions page. A login host Tandem does not know (a national cloud
 * without a known portal, or a Graph-compatible stand-in) gets the page's name and no link.
 */
export function revokeGuidance(loginUrl: string, tenantId: string, browserLoginUrl?: string): RevokeGuidance {
  // Set only by the sandbox launcher: the sandbox serves its own My Apps beside its sign-in pages.
  if (browserLoginUrl) return { url: `${browserLoginUrl.replace(/\/+$/, '')}/myapps`, page: 'My Apps (the sandbox tenant)' };
  if (tenantId.toLowerCase() === PERSONAL_ACCOUNTS_TENANT) {
    return { url: 'https://account.live.com/consent/Manage', page: 'Microsoft account → Apps and services you have given access to' };
  }
  const url = WORK_PORTALS[new URL(loginUrl).hostname.toLowerCase()] ?? null;
  return { url, page: 'My Apps (your organization’s app portal)' };
}
