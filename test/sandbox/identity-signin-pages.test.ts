/**
 * The sandbox's browser-facing sign-in pages on loopback HTTP (issue 9: the first sign-in must not
 * meet a certificate warning). The pages work there; tokens and metadata stay on HTTPS only.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Tenant } from '../../sandbox/identity/directory.js';
import type { RegisteredApp } from '../../sandbox/server.js';
import { adminConsent, refreshTokens, signInWithPkce } from '../helpers/oauthClient.js';
import { createTenantWithUsers, registerApp, startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';

const REDIRECT = 'https://crm.example/ms/callback';
const PW = 'Pages-Test-1';

describe('sandbox sign-in pages on http://localhost', () => {
  let sb: TestSandbox;
  let tenant: Tenant;
  let app: RegisteredApp;

  before(async () => {
    sb = await startTestSandbox();
    ({ tenant } = await createTenantWithUsers(sb, {
      domain: 'pages.onmicrosoft.com',
      users: [{ userPrincipalName: 'ann', password: PW }, { userPrincipalName: 'boss', password: PW, isAdmin: true }],
    }));
    app = await registerApp(sb, { displayName: 'Tandem', redirectUris: [REDIRECT] });
  });
  after(() => sb.close());

  test('the listener is plain HTTP named localhost, and answers at 127.0.0.1', async () => {
    const url = new URL(sb.urls.signIn);
    assert.equal(url.protocol, 'http:');
    assert.equal(url.hostname, 'localhost');
    const at127 = await fetch(`http://127.0.0.1:${url.port}/${tenant.id}/oauth2/v2.0/authorize?client_id=${app.clientId}&response_type=code&redirect_uri=${encodeURIComponent(REDIRECT)}&scope=openid&code_challenge=x&code_challenge_method=S256`, { redirect: 'manual' });
    assert.equal(at127.status, 200);
    assert.match(await at127.text(), /name="passwd"/);
  });

  test('a sign-in walked on the HTTP pages redeems at the HTTPS token endpoint; the id token names the HTTPS issuer', async () => {
    const r = await signInWithPkce({
      sandbox: sb, tenant: tenant.id, clientId: app.clientId, clientSecret: app.clientSecret, redirectUri: REDIRECT,
      upn: 'ann@pages.onmicrosoft.com', password: PW, scopes: ['openid', 'offline_access', 'Mail.Read'], pagesAt: 'signIn',
    });
    assert.ok(r.ok && r.tokens, JSON.stringify(r));
    assert.deepEqual(r.trace.pages, ['signin', 'consent']);
    const claims = JSON.parse(Buffer.from(r.tokens.id_token!.split('.')[1]!, 'base64url').toString()) as { iss: string };
    assert.ok(claims.iss.startsWith('https://'), claims.iss);
  });

  test('admin consent works on the HTTP pages', async () => {
    const { params } = await adminConsent({
      sandbox: sb, tenant: tenant.id, clientId: app.clientId, redirectUri: REDIRECT, upn: 'boss@pages.onmicrosoft.com',
      password: PW, scopes: ['Sites.Read.All'], pagesAt: 'signIn',
    });
    assert.equal(params.get('admin_consent'), 'True');
  });

  test('tokens, discovery and keys are not served over HTTP', async () => {
    const token = await fetch(`${sb.urls.signIn}/${tenant.id}/oauth2/v2.0/token`, {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'authorization_code', client_id: app.clientId, client_secret: app.clientSecret, code: 'x' }),
    });
    assert.equal(token.status, 404);
    assert.equal((await fetch(`${sb.urls.signIn}/${tenant.id}/v2.0/.well-known/openid-configuration`)).status, 404);
    assert.equal((await fetch(`${sb.urls.signIn}/${tenant.id}/discovery/v2.0/keys`)).status, 404);
  });

  test('My Apps: the user signs in, sees the app with what it may do, removes it; its refresh token then fails and the next sign-in asks again', async () => {
    const r = await signInWithPkce({
      sandbox: sb, tenant: tenant.id, clientId: app.clientId, clientSecret: app.clientSecret, redirectUri: REDIRECT,
      upn: 'ann@pages.onmicrosoft.com', password: PW, scopes: ['openid', 'offline_access', 'Mail.Read'], pagesAt: 'signIn',
    });
    assert.ok(r.ok && r.tokens);
    const form = (body: Record<string, string>) => ({ method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(body) });
    assert.match(await (await fetch(`${sb.urls.signIn}/myapps`)).text(), /<h1>My Apps<\/h1>/);
    const wrong = await (await fetch(`${sb.urls.signIn}/myapps`, form({ login: 'ann@pages.onmicrosoft.com', passwd: 'nope' }))).text();
    assert.match(wrong, /Your account or password is incorrect/);
    const listed = await (await fetch(`${sb.urls.signIn}/myapps`, form({ login: 'ann@pages.onmicrosoft.com', passwd: PW }))).text();
    assert.match(listed, new RegExp(`data-app="${app.clientId}"`));
    assert.match(listed, /Mail\.Read/);
    const session = /name="session" value="([^"]+)"/.exec(listed)![1]!;
    const removed = await (await fetch(`${sb.urls.signIn}/myapps/remove`, form({ session, clientId: app.clientId }))).text();
    assert.match(removed, /Removed Tandem: it no longer has access/);
    assert.doesNotMatch(removed, /data-app=/);
    const refreshed = await refreshTokens(sb, { tenant: tenant.id, clientId: app.clientId, clientSecret: app.clientSecret, refreshToken: r.tokens.refresh_token! });
    assert.equal(refreshed.status, 400, 'the refresh token stopped working');
    const again = await signInWithPkce({
      sandbox: sb, tenant: tenant.id, clientId: app.clientId, clientSecret: app.clientSecret, redirectUri: REDIRECT,
      upn: 'ann@pages.onmicrosoft.com', password: PW, scopes: ['openid', 'offline_access', 'Mail.Read'], pagesAt: 'signIn',
    });
    assert.deepEqual(again.trace.pages, ['signin', 'consent'], 'consent is asked again');
  });
});
