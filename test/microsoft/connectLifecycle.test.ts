import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { refreshIdleAccounts } from '../../src/app/microsoft/refreshIdle.js';
import { isMicrosoftError } from '../../src/microsoft/graph/errors.js';
import { DB_KINDS } from '../helpers/db.js';
import { connectMicrosoft, postAndDrive, startMicrosoftTestEnv, type MicrosoftTestEnv } from '../helpers/microsoft.js';
import { control, createTenantWithUsers, startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';
import type { ApiClient } from '../helpers/server.js';
import { waitFor } from '../helpers/wait.js';

const ACCOUNT_TABLES = ['microsoft_counters', 'microsoft_sync_states', 'microsoft_subscriptions', 'microsoft_pending_changes'] as const;

for (const kind of DB_KINDS) {
  describe(`tokens, reconnect, disconnect and isolation (${kind})`, () => {
    let sb: TestSandbox;
    let env: MicrosoftTestEnv;
    let upns: string[];
    const password = 'Passw0rd!';

    before(async () => {
      sb = await startTestSandbox();
      env = await startMicrosoftTestEnv({ kind, sandbox: sb });
      const { users } = await createTenantWithUsers(sb, { domain: `l${kind}.onmicrosoft.com`, users: ['ann', 'bob', 'cat'].map((u) => ({ userPrincipalName: u, password })) });
      upns = users.map((u) => u.userPrincipalName);
    });
    after(async () => {
      await env?.close();
      await sb?.close();
    });

    async function connected(upn: string): Promise<{ api: ApiClient; accountId: string }> {
      const api = env.client();
      await api.signup();
      const r = await connectMicrosoft({ api, sandbox: sb, upn, password, features: ['mail'] });
      assert.ok(r.ok, r.callbackBody);
      return { api, accountId: (await env.integration.accounts.byUser(api.user!.id))!.id };
    }

    test('a revoked grant puts only that account into needs_reconnect; Reconnect restores it', async () => {
      const a = await connected(upns[0]!);
      const b = await connected(upns[1]!);
      await control(sb, 'POST', `/control/users/${encodeURIComponent(upns[0]!)}/revoke-grants`);

      await assert.rejects(env.integration.graph.get(a.accountId, '/me'), (e) => isMicrosoftError(e, 'reauthRequired'));
      const viewA = await a.api.request('GET', '/api/microsoft');
      assert.equal(viewA.body.status, 'needs_reconnect');
      assert.match(viewA.body.statusMessage, /Reconnect/);
      assert.ok((env.live as unknown as { published: Array<{ type: string; userId?: string }> }).published.some((e) => e.type === 'microsoft.status' && e.userId === a.api.user!.id));
      // Known-dead grants are not retried; the other account keeps working.
      await assert.rejects(env.integration.accessTokenFor(a.accountId), (e) => isMicrosoftError(e, 'reauthRequired'));
      const me = await env.integration.graph.get<{ userPrincipalName: string }>(b.accountId, '/me');
      assert.equal(me.userPrincipalName, upns[1]);
      assert.equal((await b.api.request('GET', '/api/microsoft')).body.status, 'active');

      const hooked: string[] = [];
      env.integration.onConnected.push(async (acc) => { hooked.push(acc.id); });
      const r = await postAndDrive({ api: a.api, sandbox: sb, upn: upns[0]!, password, path: '/api/microsoft/reconnect' });
      assert.ok(r.ok, r.callbackBody);
      assert.equal(r.view.status, 'active');
      assert.deepEqual(hooked, [a.accountId], 'onConnected hooks run again so sync resumes');
      assert.equal((await env.integration.accounts.byUser(a.api.user!.id))!.id, a.accountId, 'the same account row is kept');
      const again = await env.integration.graph.get<{ userPrincipalName: string }>(a.accountId, '/me');
      assert.equal(again.userPrincipalName, upns[0]);
      env.integration.onConnected.pop();
    });

    test('connecting a different Microsoft account while one is connected is refused', async () => {
      const a = await connected(upns[2]!);
      const r = await connectMicrosoft({ api: a.api, sandbox: sb, upn: upns[1]!, password, features: ['mail'] });
      assert.equal(r.error, 'differentAccount');
      assert.equal(r.view.account?.username, upns[2]);
    });

    test('idle accounts are refreshed and the rotated refresh token is stored', async () => {
      const a = await connected(upns[1]!);
      const versionOf = async () => Number((await env.database.db.selectFrom('microsoft_token_caches').select('version').where('account_key', '=', a.accountId).executeTakeFirstOrThrow()).version);
      const before = await versionOf();
      const result = await refreshIdleAccounts(env.integration, 0);
      assert.ok(result.refreshed >= 1);
      assert.ok((await versionOf()) > before, 'the refreshed cache was written back');
      assert.ok(env.integration.periodic.some((p) => p.name === 'microsoft.refreshIdle'));
    });

    test('disconnect removes the account and every row of it; connecting again starts cleanly', async () => {
      const a = await connected(upns[0]!);
      const db = env.database.db;
      const at = new Date().toISOString();
      await db.insertInto('microsoft_counters').values({ account_id: a.accountId, name: 'notifications_received:mail', value: 3 }).execute();
      await db.insertInto('microsoft_sync_states').values({
        account_id: a.accountId, resource: 'mail', scope_key: 'inbox', scope_name: null, next_link: null, delta_link: null, phase: 'live',
        items_synced: 0, items_total: null, last_success_at: null, last_error_kind: null, last_error_message: null, updated_at: at,
      }).execute();
      const seen: string[] = [];
      env.integration.disconnectSteps.push({ name: 'test step', run: async (acc) => { seen.push(acc.status); } });
      try {
        const res = await a.api.request('POST', '/api/microsoft/disconnect');
        assert.equal(res.status, 202);
        await waitFor(async () => (await env.integration.accounts.byId(a.accountId)) === undefined, { timeoutMs: 15_000, message: 'account row deleted' });
      } finally {
        env.integration.disconnectSteps.pop();
      }
      assert.deepEqual(seen, ['disconnecting'], 'registered steps run before the final cleanup');
      for (const table of ACCOUNT_TABLES) {
        assert.equal((await db.selectFrom(table).selectAll().where('account_id', '=', a.accountId).execute()).length, 0, table);
      }
      assert.equal((await db.selectFrom('microsoft_token_caches').selectAll().where('account_key', '=', a.accountId).execute()).length, 0);
      assert.equal((await db.selectFrom('microsoft_sign_ins').selectAll().where('user_id', '=', a.api.user!.id).execute()).length, 0);
      assert.equal((await a.api.request('GET', '/api/microsoft')).body.status, 'not_connected');
      assert.equal((await a.api.request('POST', '/api/microsoft/disconnect')).status, 404);

      const again = await connectMicrosoft({ api: a.api, sandbox: sb, upn: upns[0]!, password, features: ['mail'] });
      assert.ok(again.ok, again.callbackBody);
      const fresh = await env.integration.accounts.byUser(a.api.user!.id);
      assert.notEqual(fresh!.id, a.accountId);
      assert.equal((await env.integration.graph.get<{ userPrincipalName: string }>(fresh!.id, '/me')).userPrincipalName, upns[0]);
    });

    test('user B can neither see nor act on user A\'s connection', async () => {
      const { users } = await createTenantWithUsers(sb, { domain: `i${kind}.onmicrosoft.com`, users: [{ userPrincipalName: 'dan', password }] });
      const a = await connected(users[0]!.userPrincipalName);
      const b = env.client();
      await b.signup();
      const view = await b.request('GET', '/api/microsoft');
      assert.equal(view.body.status, 'not_connected');
      assert.equal(view.body.account, null);
      assert.equal((await b.request('POST', '/api/microsoft/disconnect')).status, 404);
      assert.equal((await b.request('POST', '/api/microsoft/reconnect')).status, 409);
      assert.equal((await b.request('POST', '/api/microsoft/features/people/enable')).status, 409);
      assert.equal((await env.integration.accounts.byId(a.accountId))!.status, 'active');
      const anon = await fetch(`${env.url}/api/microsoft`);
      assert.equal(anon.status, 401);
      const noCsrf = await a.api.request('POST', '/api/microsoft/disconnect', undefined, { csrf: false });
      assert.equal(noCsrf.status, 403);
      assert.equal((await env.integration.accounts.byId(a.accountId))!.status, 'active');
    });
  });
}
