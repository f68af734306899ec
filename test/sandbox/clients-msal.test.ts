import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ConfidentialClientApplication, InteractionRequiredAuthError, type AccountInfo } from '@azure/msal-node';
import { control, type TestSandbox } from '../helpers/sandbox.js';
import { atHost, msalClient, reachableHosts, seedTenant, signInWithMsal, startClientsSandbox, tokenRequests, type ClientsTenant } from './clientsHarness.js';

// MSAL Node, unchanged, against the sandbox called by each of its names: the authority, the
// discovery document, the id_token issuer and the Graph links must all agree with the name used.
let sb: TestSandbox;
let hosts: string[] = [];
before(async () => {
  sb = await startClientsSandbox();
  const reachable = reachableHosts(sb);
  hosts = reachable.hosts;
  if (reachable.note) console.log(`# ${reachable.note}`);
});
after(() => sb.close());

const claimsOf = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;

for (const host of ['localhost', '127.0.0.1', '[::1]']) {
  describe(`MSAL Node against the sandbox as ${host}`, () => {
    let t: ClientsTenant;
    const label = `msal-${host.replace(/[^a-z0-9]/gi, '') || 'v6'}`;
    before(async () => { t = await seedTenant(sb, label); });

    const usable = () => hosts.includes(host);

    for (const kind of ['common', 'organizations', 'tenant'] as const) {
      test(`code + PKCE at https://${host}:PORT/${kind}, through the sign-in and consent pages`, async (c) => {
        if (!usable()) return c.skip('IPv6 loopback unavailable on this machine');
        const login = atHost(sb.urls.login, host);
        const authority = `${login}/${kind === 'tenant' ? t.domain : kind}`;
        const cca = msalClient(sb, t, authority);
        const upn = kind === 'organizations' ? t.upns[1]! : t.upns[0]!;
        const result = await signInWithMsal(sb, cca, upn, ['User.Read', 'Mail.Read']);
        assert.equal(result.account?.username, upn);
        assert.equal(result.account?.tenantId, t.tenantId);
        // The issuer names the authority's host, so MSAL accepted it; scopes come back short.
        assert.equal(result.idTokenClaims && (result.idTokenClaims as { iss?: string }).iss, `${login}/${t.tenantId}/v2.0`);
        assert.ok(result.scopes.includes('Mail.Read') && result.scopes.includes('User.Read'), result.scopes.join(' '));
        assert.equal(claimsOf(result.accessToken).app_displayname, t.appName);
        const me = await sb.fetch(`${atHost(sb.urls.graph, host)}/v1.0/me`, { headers: { authorization: `Bearer ${result.accessToken}` } });
        assert.equal(me.status, 200);
        const body = (await me.json()) as { '@odata.context': string; userPrincipalName: string };
        assert.equal(body.userPrincipalName, upn);
        assert.ok(body['@odata.context'].startsWith(`${atHost(sb.urls.graph, host)}/v1.0/`), body['@odata.context']);
      });
    }

    test('silent calls come from the cache with no token request; forceRefresh makes exactly one', async (c) => {
      if (!usable()) return c.skip('IPv6 loopback unavailable on this machine');
      const cca = msalClient(sb, t, `${atHost(sb.urls.login, host)}/organizations`);
      const first = await signInWithMsal(sb, cca, t.upns[0]!, ['Mail.Read']);
      const account = first.account as AccountInfo;
      await control(sb, 'POST', '/control/identity/stats/reset');
      const cached = await cca.acquireTokenSilent({ account, scopes: ['Mail.Read'] });
      const cachedAgain = await cca.acquireTokenSilent({ account, scopes: ['User.Read'] });
      assert.equal(cached.accessToken, first.accessToken);
      assert.equal(cachedAgain.accessToken, first.accessToken, 'every granted scope is in the cached entry');
      assert.deepEqual(await tokenRequests(sb), {});

      const refreshed = await cca.acquireTokenSilent({ account, scopes: ['Mail.Read'], forceRefresh: true });
      assert.notEqual(refreshed.accessToken, first.accessToken);
      assert.deepEqual(await tokenRequests(sb), { refresh_token: 1 });
      const me = await sb.fetch(`${atHost(sb.urls.graph, host)}/v1.0/me`, { headers: { authorization: `Bearer ${refreshed.accessToken}` } });
      assert.equal(me.status, 200);
    });

    test('a revoked grant and a scope never consented surface as InteractionRequiredAuthError', async (c) => {
      if (!usable()) return c.skip('IPv6 loopback unavailable on this machine');
      const cca = msalClient(sb, t, `${atHost(sb.urls.login, host)}/${t.tenantId}`);
      const first = await signInWithMsal(sb, cca, t.upns[1]!, ['Mail.Read']);
      const account = first.account as AccountInfo;

      const notConsented = await cca.acquireTokenSilent({ account, scopes: ['Calendars.Read'], forceRefresh: true }).then(() => undefined, (e: unknown) => e);
      assert.ok(notConsented instanceof InteractionRequiredAuthError, String(notConsented));
      assert.equal(notConsented.subError, 'consent_required');
      assert.match(notConsented.errorMessage, /AADSTS65001/);

      await control(sb, 'POST', `/control/users/${t.userIds[1]}/revoke-sessions`);
      const revoked = await cca.acquireTokenSilent({ account, scopes: ['Mail.Read'], forceRefresh: true }).then(() => undefined, (e: unknown) => e);
      assert.ok(revoked instanceof InteractionRequiredAuthError, String(revoked));
      assert.equal(revoked.errorCode, 'invalid_grant');
      assert.equal(revoked.subError, 'bad_token');
      assert.match(revoked.errorMessage, /AADSTS50173/);
    });
  });
}

test('discovery and instance metadata name the host they were asked on', async () => {
  for (const host of hosts) {
    const login = atHost(sb.urls.login, host);
    const oidc = (await (await sb.fetch(`${login}/common/v2.0/.well-known/openid-configuration`)).json()) as Record<string, string>;
    assert.equal(oidc.token_endpoint, `${login}/common/oauth2/v2.0/token`);
    assert.equal(oidc.issuer, `${login}/{tenantid}/v2.0`);
    const instance = (await (await sb.fetch(`${login}/common/discovery/instance?api-version=1.1`)).json()) as { metadata: Array<{ aliases: string[] }> };
    assert.deepEqual(instance.metadata[0]!.aliases, [new URL(login).host]);
  }
});

test('MSAL configured with the sandbox\'s instance metadata instead of knownAuthorities', async () => {
  const t = await seedTenant(sb, 'msal-metadata', ['ann']);
  const login = atHost(sb.urls.login, 'localhost');
  const cloudDiscoveryMetadata = await (await sb.fetch(`${login}/common/discovery/instance?api-version=1.1`)).text();
  const cca = new ConfidentialClientApplication({
    auth: { clientId: t.clientId, clientSecret: t.clientSecret, authority: `${login}/common`, cloudDiscoveryMetadata },
    system: { customAgentOptions: { ca: sb.caPem } },
  });
  const result = await signInWithMsal(sb, cca, t.upns[0]!, ['Mail.Read']);
  assert.equal(result.account?.username, t.upns[0]);
  assert.equal(result.account?.environment, new URL(login).host);
});
