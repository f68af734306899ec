import type { ConfidentialClientApplication } from '@azure/msal-node';

function lastSegment(scope: string): string {
  return scope.slice(scope.lastIndexOf('/') + 1).toLowerCase();
}

/**
 * The identity platform may answer "User.Read" as "https://graph.microsoft.com/User.Read". MSAL
 * matches cached access tokens by exact scope strings, so a short-name request would miss a token
 * cached under the URL form and refresh needlessly. Rewrites each requested scope to the form it
 * has in the cache, if any.
 */
export function alignScopesWithCache(app: ConfidentialClientApplication, scopes: string[]): string[] {
  const forms = new Map<string, string>();
  for (const entity of Object.values(app.getTokenCache().getKVStore())) {
    const e = entity as { credentialType?: string; target?: string };
    if (e.credentialType !== 'AccessToken' || !e.target) continue;
    for (const t of e.target.split(' ')) if (t) forms.set(lastSegment(t), t);
  }
  return scopes.map((s) => forms.get(lastSegment(s)) ?? s);
}
