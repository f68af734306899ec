import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ConfidentialClientApplication, type INetworkModule, type NetworkRequestOptions, type NetworkResponse } from '@azure/msal-node';
import { Agent, fetch } from 'undici';
import { pkcePair, walkPages } from '../helpers/oauthClient.js';
import { createTenantWithUsers, registerApp, startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';

const REDIRECT = 'https://app.example/msal/cb';
let sb: TestSandbox;
before(async () => { sb = await startTestSandbox(); });
after(() => sb.close());

test('MSAL Node completes code + PKCE and a forced refresh against the sandbox authority', async () => {
  await createTenantWithUsers(sb, { domain: 'msal.onmicrosoft.com', users: [{ userPrincipalName: 'ann', password: 'Msal-Test-1' }] });
  const app = await registerApp(sb, { redirectUris: [REDIRECT] });
  // MSAL's own HTTP client knows nothing of the sandbox CA: give it one that trusts exactly that CA.
  const dispatcher = new Agent({ connect: { ca: sb.caPem } });
  const send = async <T>(url: string, options: NetworkRequestOptions | undefined, method: string): Promise<NetworkResponse<T>> => {
    const res = await fetch(url, { method, headers: options?.headers, body: options?.body, dispatcher });
    return { headers: Object.fromEntries(res.headers), body: (await res.json()) as T, status: res.status };
  };
  const networkClient: INetworkModule = { sendGetRequestAsync: (u, o) => send(u, o, 'GET'), sendPostRequestAsync: (u, o) => send(u, o, 'POST') };
  const cca = new ConfidentialClientApplication({
    auth: { clientId: app.clientId, clientSecret: app.clientSecret, authority: `${sb.urls.login}/organizations`, knownAuthorities: [new URL(sb.urls.login).host] },
    system: { networkClient },
  });
  const { verifier, challenge } = pkcePair();
  const url = await cca.getAuthCodeUrl({ scopes: ['Mail.Read'], redirectUri: REDIRECT, codeChallenge: challenge, codeChallengeMethod: 'S256', state: 'm1' });
  assert.ok(url.startsWith(`${sb.urls.login}/organizations/oauth2/v2.0/authorize?`));
  const params = await walkPages(sb, url, { redirectUri: REDIRECT, upn: 'ann@msal.onmicrosoft.com', password: 'Msal-Test-1' }, { pages: [], consentScopes: [] });
  const result = await cca.acquireTokenByCode({ code: params.get('code')!, scopes: ['Mail.Read'], redirectUri: REDIRECT, codeVerifier: verifier });
  assert.equal(result.account?.username, 'ann@msal.onmicrosoft.com');
  assert.ok(result.scopes.includes('Mail.Read'));
  assert.ok(sb.context.tokens.verify(result.accessToken));
  const refreshed = await cca.acquireTokenSilent({ account: result.account!, scopes: ['Mail.Read'], forceRefresh: true });
  assert.notEqual(refreshed.accessToken, result.accessToken);
  assert.ok(sb.context.tokens.verify(refreshed.accessToken));
  await dispatcher.close();
});
