import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DB_KINDS } from '../helpers/db.js';
import { connectMicrosoft, driveSignIn, postAndDrive, startMicrosoftTestEnv, type MicrosoftTestEnv } from '../helpers/microsoft.js';
import { createTenantWithUsers, startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';

for (const kind of DB_KINDS) {
  describe(`connect Microsoft 365 (${kind})`, () => {
    let sb: TestSandbox;
    let env: MicrosoftTestEnv;
    let upns: string[];
    const password = 'Passw0rd!';

    before(async () => {
      sb = await startTestSandbox();
      env = await startMicrosoftTestEnv({ kind, sandbox: sb });
      const { users } = await createTenantWithUsers(sb, {
        domain: `c${kind}.onmicrosoft.com`,
        users: ['ann', 'bob', 'cat'].map((u) => ({ userPrincipalName: u, password })),
      });
      upns = users.map((u) => u.userPrincipalName);
    });
    after(async () => {
      await env?.close();
      await sb?.close();
    });

    test('accept: account recorded with granted scopes, token cache sealed', async () => {
      const api = env.client();
      await api.signup();
      const before = await api.request('GET', '/api/microsoft');
      assert.equal(before.status, 200);
      assert.equal(before.body.status, 'not_connected');
      assert.ok(before.body.features.some((f: { id: string; required: boolean }) => f.id === 'signIn' && f.required));

      const r = await connectMicrosoft({ api, sandbox: sb, upn: upns[0]!, password, features: ['mail'] });
      assert.equal(r.error, undefined, r.callbackBody);
      assert.ok(r.ok);
      assert.equal(r.location?.pathname, '/settings/integrations');
      assert.equal(r.location?.searchParams.get('connected'), '1');
      assert.deepEqual(r.trace.pages, ['signin', 'consent']);
      assert.equal(r.view.status, 'active');
      assert.equal(r.view.account?.username, upns[0]);
      const state = (id: string) => r.view.features.find((f) => f.id === id)?.state;
      assert.equal(state('mail'), 'granted');
      assert.equal(state('signIn'), 'granted');
      assert.equal(state('calendar'), 'declined');

      const account = await env.integration.accounts.byUser(api.user!.id);
      assert.ok(account);
      assert.ok(account.tenantId && account.objectId && account.homeAccountId);
      const rows = await env.database.db.selectFrom('microsoft_token_caches').selectAll().execute();
      const row = rows.find((x) => x.account_key === account.id);
      assert.ok(row, 'token cache stored under the account id');
      assert.ok(row.sealed.startsWith('v1.'));
      const opened = JSON.parse(env.integration.box.open(row.sealed)) as { RefreshToken: Record<string, { secret: string }> };
      const refresh = Object.values(opened.RefreshToken)[0]?.secret;
      assert.ok(refresh && refresh.length > 10, 'a refresh token is in the cache');
      assert.ok(!row.sealed.includes(refresh), 'the raw refresh token never reaches the database');
      assert.ok(!rows.some((x) => x.account_key.startsWith('signin:')), 'scratch caches are cleaned up');
      // A token works against Graph.
      const token = await env.integration.accessTokenFor(account.id);
      const me = await sb.fetch(`${sb.urls.graph}/v1.0/me`, { headers: { authorization: `Bearer ${token}` } });
      assert.equal(me.status, 200);
    });

    test('cancel on the consent page: plain error, no account', async () => {
      const api = env.client();
      await api.signup();
      const r = await connectMicrosoft({ api, sandbox: sb, upn: upns[1]!, password, consent: 'cancel' });
      assert.equal(r.error, 'consentDeclined');
      assert.equal(r.view.status, 'not_connected');
      assert.equal(await env.integration.accounts.byUser(api.user!.id), undefined);
    });

    test('unknown feature → 400; forged, reused and foreign state rejected', async () => {
      const api = env.client();
      await api.signup();
      const bad = await api.request('POST', '/api/microsoft/connect', { features: ['mail', 'nope'] });
      assert.equal(bad.status, 400);

      const forged = await fetch(`${env.url}/auth/microsoft/callback?code=abc&state=forged`, { redirect: 'manual', headers: { cookie: `tandem_session=${api.cookie}` } });
      assert.equal(forged.status, 400);
      assert.match(await forged.text(), /not valid or was already used/);

      // Bob's Tandem user starts a sign-in; a different Tandem user cannot finish it.
      const start = await api.request('POST', '/api/microsoft/connect', { features: ['mail'] });
      const other = env.client();
      await other.signup();
      const foreign = await driveSignIn({ api: other, sandbox: sb, upn: upns[1]!, password, authorizeUrl: start.body.authorizeUrl });
      assert.equal(foreign.callbackStatus, 403);
      assert.equal(foreign.view.status, 'not_connected');
      assert.equal(await env.integration.accounts.byUser(api.user!.id), undefined);

      // A successful callback cannot be replayed.
      const ok = await connectMicrosoft({ api, sandbox: sb, upn: upns[1]!, password });
      assert.ok(ok.ok, ok.callbackBody);
      const replay = await fetch(`${ok.location!.origin}/auth/microsoft/callback?code=x&state=${encodeURIComponent(new URL(start.body.authorizeUrl).searchParams.get('state')!)}`, {
        redirect: 'manual', headers: { cookie: `tandem_session=${api.cookie}` },
      });
      assert.equal(replay.status, 400);
    });

    test('a declined feature is enabled later by incremental consent', async () => {
      const api = env.client();
      await api.signup();
      const r = await connectMicrosoft({ api, sandbox: sb, upn: upns[2]!, password, features: ['mail'] });
      assert.ok(r.ok, r.callbackBody);
      assert.equal(r.view.features.find((f) => f.id === 'calendar')?.state, 'declined');
      const e = await postAndDrive({ api, sandbox: sb, upn: upns[2]!, password, path: '/api/microsoft/features/calendar/enable' });
      assert.ok(e.ok, e.callbackBody);
      assert.deepEqual(e.trace.consentScopes.at(-1), ['Calendars.ReadWrite'], 'only the new scope is asked for');
      assert.equal(e.view.features.find((f) => f.id === 'calendar')?.state, 'granted');
      assert.equal(e.view.features.find((f) => f.id === 'mail')?.state, 'granted');
      const again = await api.request('POST', '/api/microsoft/features/calendar/enable');
      assert.equal(again.status, 409);
    });
  });
}
