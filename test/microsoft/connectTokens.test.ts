import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { createLogger } from '../../src/lib/log.js';
import { SecretBox } from '../../src/lib/secretBox.js';
import { DbTokenCacheStore } from '../../src/microsoft/accounts/tokenCacheStore.js';
import { MicrosoftAuth } from '../../src/microsoft/auth/index.js';
import { createTransport } from '../../src/microsoft/transport.js';
import { DB_KINDS, openTestDatabase } from '../helpers/db.js';
import { connectMicrosoft, startMicrosoftTestEnv, type MicrosoftTestEnv } from '../helpers/microsoft.js';
import { createTenantWithUsers, startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';

for (const kind of DB_KINDS) {
  describe(`sealed token cache store (${kind})`, () => {
    test('compare-and-set on version; contents sealed; move and delete', async () => {
      const database = await openTestDatabase(kind);
      try {
        const box = new SecretBox(randomBytes(32));
        const store = new DbTokenCacheStore(database.db, box, kind);
        assert.equal(await store.load('a'), null);
        assert.equal(await store.save('a', 'secret-1', null), true);
        assert.equal(await store.save('a', 'stale', null), false, 'a second first-writer loses');
        assert.deepEqual(await store.load('a'), { data: 'secret-1', version: 1 });
        assert.equal(await store.save('a', 'secret-2', 1), true);
        assert.equal(await store.save('a', 'older read', 1), false, 'a writer holding an older version loses');
        assert.deepEqual(await store.load('a'), { data: 'secret-2', version: 2 });
        const raw = await database.db.selectFrom('microsoft_token_caches').selectAll().execute();
        assert.ok(raw.every((r) => !r.sealed.includes('secret')));
        await store.move('a', 'b');
        assert.equal(await store.load('a'), null);
        assert.equal((await store.load('b'))?.data, 'secret-2');
        const locked = await store.withLock('b', async () => 'inside');
        assert.equal(locked, 'inside');
        await store.delete('b');
        assert.equal(await store.load('b'), null);
      } finally {
        await database.close();
      }
    });
  });

  describe(`two processes refreshing one account (${kind})`, () => {
    let sb: TestSandbox;
    let env: MicrosoftTestEnv;
    before(async () => {
      sb = await startTestSandbox();
      env = await startMicrosoftTestEnv({ kind, sandbox: sb });
    });
    after(async () => {
      await env?.close();
      await sb?.close();
    });

    test('concurrent forced refreshes from separate auth instances keep a working, newest cache', async () => {
      const { users } = await createTenantWithUsers(sb, { domain: `t${kind}.onmicrosoft.com`, users: [{ userPrincipalName: 'eve', password: 'pw-1234567' }] });
      const api = env.client();
      await api.signup();
      assert.ok((await connectMicrosoft({ api, sandbox: sb, upn: users[0]!.userPrincipalName, password: 'pw-1234567' })).ok);
      const accountId = (await env.integration.accounts.byUser(api.user!.id))!.id;
      const versionBefore = (await env.integration.tokenCache.load(accountId))!.version;

      // A second "process": its own MSAL apps and transport over the same database.
      const transport = createTransport({ caFile: sb.caFile });
      const other = new MicrosoftAuth({
        settings: { clientId: env.config.ms.clientId!, clientSecret: env.config.ms.clientSecret!, tenant: env.config.ms.tenant, loginUrl: env.config.ms.loginUrl },
        networkModule: transport.networkModule,
        store: new DbTokenCacheStore(env.database.db, env.integration.box, kind),
        log: createLogger('silent'),
      });
      try {
        await Promise.all([
          env.integration.auth.refreshNow(accountId), other.refreshNow(accountId),
          env.integration.auth.refreshNow(accountId), other.refreshNow(accountId),
        ]);
        const after = (await env.integration.tokenCache.load(accountId))!.version;
        assert.ok(after > versionBefore, 'refreshed caches were written');
        // Whatever won, the stored refresh token still works in either process.
        await other.refreshNow(accountId);
        const token = await env.integration.accessTokenFor(accountId, { forceRefresh: true });
        const me = await sb.fetch(`${sb.urls.graph}/v1.0/me`, { headers: { authorization: `Bearer ${token}` } });
        assert.equal(me.status, 200);
        assert.equal((await env.integration.accounts.byId(accountId))!.status, 'active');
      } finally {
        await transport.close();
      }
    });
  });
}
