import assert from 'node:assert/strict';
import { request as httpsRequest } from 'node:https';
import { after, before, describe, test } from 'node:test';
import { signInWithPkce } from '../helpers/oauthClient.js';
import { control, startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { PASSWORD, REDIRECT, atHost, seedTenant, startClientsSandbox, type ClientsTenant } from './clientsHarness.js';

interface Page { value: Array<{ id: string }>; '@odata.nextLink'?: string; '@odata.deltaLink'?: string; '@odata.context': string }

async function signIn(sb: TestSandbox, t: ClientsTenant) {
  const r = await signInWithPkce({ sandbox: sb, tenant: t.tenantId, clientId: t.clientId, clientSecret: t.clientSecret, redirectUri: REDIRECT, upn: t.upns[0]!, password: PASSWORD, scopes: ['openid', 'offline_access', 'User.Read', 'Mail.Read'] });
  if (!r.ok || !r.tokens) throw new Error('sign-in failed');
  return r.tokens;
}

describe('one sandbox, several names', () => {
  let sb: TestSandbox;
  let t: ClientsTenant;
  before(async () => {
    sb = await startClientsSandbox();
    t = await seedTenant(sb, 'hosts', ['ann']);
    await control(sb, 'POST', '/control/mail/generate', { mailbox: t.userIds[0], count: 15 });
    // The generated mail lands in several folders: three in the Inbox for sure, so its delta pages by two.
    for (const subject of ['one', 'two', 'three']) await control(sb, 'POST', '/control/mail/deliver', { mailbox: t.userIds[0], from: { name: 'Sender', address: 'sender@example.test' }, subject, body: subject });
  });
  after(() => sb.close());

  // Decided: tokens and sealed delta/skip tokens carry no host. Access tokens are for the Graph
  // resource (aud https://graph.microsoft.com, issuer sts.windows.net), as Microsoft's are, and
  // Microsoft's own aliases (login.microsoftonline.com, login.windows.net) redeem each other's
  // refresh tokens. So a client that switches names keeps working; only the id_token issuer and
  // the links name the host of the request that produced them.
  test('a token from one name works at another; links follow the name each request used', async () => {
    const tokens = await signIn(sb, t);
    const auth = { authorization: `Bearer ${tokens.access_token}` };
    const viaLocalhost = (await (await sb.fetch(`${atHost(sb.urls.graph, 'localhost')}/v1.0/me/mailFolders/inbox/messages/delta`, { headers: { ...auth, prefer: 'odata.maxpagesize=2' } })).json()) as Page;
    assert.ok(viaLocalhost['@odata.nextLink']!.startsWith(`${atHost(sb.urls.graph, 'localhost')}/v1.0/`));
    const switched = viaLocalhost['@odata.nextLink']!.replace('//localhost:', '//127.0.0.1:');
    const res = await sb.fetch(switched, { headers: { ...auth, prefer: 'odata.maxpagesize=2' } });
    assert.equal(res.status, 200);
    const page = (await res.json()) as Page;
    assert.ok(page['@odata.context'].startsWith(`${atHost(sb.urls.graph, '127.0.0.1')}/v1.0/`));
    assert.ok((page['@odata.nextLink'] ?? page['@odata.deltaLink'])!.startsWith(`${atHost(sb.urls.graph, '127.0.0.1')}/v1.0/`));
  });

  test('a Host header that is not a host name is not echoed into links', async () => {
    const tokens = await signIn(sb, t);
    const res = await fetchWithHost(sb, `${sb.urls.graph}/v1.0/me`, 'evil.example/"><x', tokens.access_token);
    assert.equal(res.status, 200);
    assert.equal((JSON.parse(res.body) as { '@odata.context': string })['@odata.context'], `${sb.urls.graph}/v1.0/$metadata#users/$entity`);
  });
});

/** A request with a forged Host header (fetch does not let one set it). */
function fetchWithHost(sb: TestSandbox, url: string, host: string, token: string): Promise<{ status: number; body: string }> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = httpsRequest({ host: u.hostname, port: u.port, path: u.pathname, ca: sb.caPem, servername: 'localhost', headers: { host, authorization: `Bearer ${token}` } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('behind a proxy: configured public URLs', () => {
  let sb: TestSandbox;
  let t: ClientsTenant;
  before(async () => {
    sb = await startTestSandbox({ publicLoginUrl: 'https://login.proxy.example', publicGraphUrl: 'https://graph.proxy.example' });
    t = await seedTenant(sb, 'proxied', ['ann']);
  });
  after(() => sb.close());

  test('discovery, id_token issuer and Graph links use the public URLs', async () => {
    const oidc = (await (await sb.fetch(`${sb.urls.login}/${t.tenantId}/v2.0/.well-known/openid-configuration`)).json()) as Record<string, string>;
    assert.equal(oidc.issuer, `https://login.proxy.example/${t.tenantId}/v2.0`);
    assert.equal(oidc.token_endpoint, `https://login.proxy.example/${t.tenantId}/oauth2/v2.0/token`);
    const tokens = await signIn(sb, t);
    const idClaims = JSON.parse(Buffer.from(tokens.id_token!.split('.')[1]!, 'base64url').toString()) as { iss: string };
    assert.equal(idClaims.iss, `https://login.proxy.example/${t.tenantId}/v2.0`);
    const me = (await (await sb.fetch(`${sb.urls.graph}/v1.0/me`, { headers: { authorization: `Bearer ${tokens.access_token}` } })).json()) as { '@odata.context': string };
    assert.equal(me['@odata.context'], 'https://graph.proxy.example/v1.0/$metadata#users/$entity');
  });
});
