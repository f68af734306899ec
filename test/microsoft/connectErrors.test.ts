import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { IdentityTuning } from '../../sandbox/core/config.js';
import { DB_KINDS } from '../helpers/db.js';
import { connectMicrosoft, startMicrosoftTestEnv, type MicrosoftTestEnv } from '../helpers/microsoft.js';
import { walkPages, type FlowTrace } from '../helpers/oauthClient.js';
import { control, createTenantWithUsers, startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';
import type { ApiClient } from '../helpers/server.js';
import { waitFor } from '../helpers/wait.js';

for (const kind of DB_KINDS) {
  describe(`connect: expired and reused codes, expired session, emails on timelines (${kind})`, () => {
    let sb: TestSandbox;
    let env: MicrosoftTestEnv;
    let upns: string[];
    let mailboxIds: string[];
    const password = 'Passw0rd!';
    // The sandbox reads its code lifetime on every issue; the expired-code test shortens it to 0.
    const identity: IdentityTuning = { codeLifetimeSec: 600 };

    before(async () => {
      sb = await startTestSandbox({ identity });
      env = await startMicrosoftTestEnv({ kind, sandbox: sb });
      const { users } = await createTenantWithUsers(sb, { domain: `e${kind}.onmicrosoft.com`, users: ['ann', 'bob', 'cat', 'dan'].map((u) => ({ userPrincipalName: u, password })) });
      upns = users.map((u) => u.userPrincipalName);
      mailboxIds = users.map((u) => u.id);
    });
    after(async () => {
      await env?.close();
      await sb?.close();
    });

    /** Starts a connect and walks Microsoft's pages; returns the redirect's parameters without calling Tandem. */
    async function authorizeOnly(api: ApiClient, upn: string): Promise<URLSearchParams> {
      const start = await api.request<{ authorizeUrl: string }>('POST', '/api/microsoft/connect', { features: ['mail'] });
      assert.equal(start.status, 200);
      const trace: FlowTrace = { pages: [], consentScopes: [] };
      return walkPages(sb, start.body.authorizeUrl, { redirectUri: `${env.url}/auth/microsoft/callback`, upn, password }, trace);
    }

    async function callback(api: ApiClient, params: URLSearchParams): Promise<{ status: number; location: URL | undefined; body: string }> {
      const res = await fetch(`${env.url}/auth/microsoft/callback?${params}`, { redirect: 'manual', headers: api.cookie ? { cookie: `tandem_session=${api.cookie}` } : {} });
      const loc = res.headers.get('location');
      return { status: res.status, location: loc ? new URL(loc, env.url) : undefined, body: await res.text() };
    }

    test('an expired authorization code ends as a plain sentence on Settings', async () => {
      const api = env.client();
      await api.signup();
      identity.codeLifetimeSec = 0;
      let params: URLSearchParams;
      try {
        params = await authorizeOnly(api, upns[0]!);
      } finally {
        identity.codeLifetimeSec = 600;
      }
      assert.ok(params.get('code'));
      const r = await callback(api, params);
      assert.equal(r.status, 303, r.body);
      assert.equal(r.location?.pathname, '/settings/integrations');
      assert.equal(r.location?.searchParams.get('error'), 'codeExpired');
      assert.equal((await api.request('GET', '/api/microsoft')).body.status, 'not_connected');
      // The next attempt works.
      const again = await connectMicrosoft({ api, sandbox: sb, upn: upns[0]!, password, features: ['mail'] });
      assert.ok(again.ok, again.callbackBody);
    });

    test('a code already redeemed, brought back under a fresh sign-in, ends as a plain sentence', async () => {
      const api = env.client();
      await api.signup();
      const first = await authorizeOnly(api, upns[1]!);
      const ok = await callback(api, first);
      assert.equal(ok.location?.searchParams.get('connected'), '1', ok.body);
      const second = await authorizeOnly(api, upns[1]!);
      const reused = new URLSearchParams({ code: first.get('code')!, state: second.get('state')! });
      const r = await callback(api, reused);
      assert.equal(r.status, 303, r.body);
      assert.equal(r.location?.searchParams.get('error'), 'codeExpired');
      assert.equal((await api.request('GET', '/api/microsoft')).body.status, 'active', 'the connection is untouched');
    });

    test('an expired Tandem session: 401 on the API, and the callback refuses politely', async () => {
      const api = env.client();
      await api.signup();
      const params = await authorizeOnly(api, upns[2]!);
      await env.database.db.updateTable('sessions').set({ expires_at: new Date(Date.now() - 60_000).toISOString() }).where('user_id', '=', api.user!.id).execute();
      const view = await api.request('GET', '/api/microsoft');
      assert.equal(view.status, 401);
      const start = await api.request('POST', '/api/microsoft/connect', { features: ['mail'] });
      assert.equal(start.status, 401);
      const r = await callback(api, params);
      assert.equal(r.status, 401);
      assert.match(r.body, /session expired/);
      assert.match(r.body, /Sign in to Tandem again/);
      assert.equal(await env.integration.accounts.byUser(api.user!.id), undefined, 'nothing connected');
    });

    test("a synced email shows on a person's timeline for the mailbox owner only", async () => {
      const owner = env.client();
      await owner.signup();
      const member = env.client();
      await member.signup();
      const added = await owner.request('POST', `/api/workspaces/${owner.workspaceId}/members`, { email: member.user!.email });
      assert.equal(added.status, 201, JSON.stringify(added.body));
      const switched = await member.request('POST', '/api/session/workspace', { workspaceId: owner.workspaceId });
      assert.equal(switched.status, 200);

      const person = await owner.request<{ id: string }>('POST', '/api/people', { name: 'Pat Outside', emails: ['pat@outside.test'] });
      assert.equal(person.status, 201);
      const r = await connectMicrosoft({ api: owner, sandbox: sb, upn: upns[3]!, password, features: ['mail'] });
      assert.ok(r.ok, r.callbackBody);
      const subject = `Quote for Pat ${Date.now()}`;
      await control(sb, 'POST', '/control/mail/deliver', { mailbox: mailboxIds[3], from: { name: 'Pat Outside', address: 'pat@outside.test' }, subject, body: 'numbers attached' });

      type Timeline = { items: Array<{ kind: string; title: string | null }> };
      const entry = await waitFor(async () => {
        const t = await owner.request<Timeline>('GET', `/api/people/${person.body.id}/timeline`);
        return t.body.items.find((i) => i.kind === 'email' && i.title === subject);
      }, { timeoutMs: 30_000, message: 'the email never reached the timeline' });
      assert.ok(entry);
      const theirs = await member.request<Timeline>('GET', `/api/people/${person.body.id}/timeline`);
      assert.equal(theirs.status, 200, 'the member sees the person');
      assert.ok(!theirs.body.items.some((i) => i.kind === 'email'), 'but not the mailbox owner\'s email');
    });
  });
}
