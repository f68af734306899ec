import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DB_KINDS } from '../helpers/db.js';
import { control, startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { waitFor } from '../helpers/wait.js';
import { connectUser, deliver, emailCount, startSyncEnv, subscriptionsOf } from './syncHelpers.js';

// Graph deletes an expired subscription without notice, and one can vanish for other reasons.
// The catch-up asks Graph whether it still exists, so real time is back within one interval.
let sandbox: TestSandbox;
before(async () => {
  sandbox = await startTestSandbox({ notificationDelayMs: 0 });
});
after(() => sandbox.close());

for (const kind of DB_KINDS) {
  describe(`subscription gone at Graph without notice (${kind})`, () => {
    test('noticed and recreated within one catch-up interval; health shows it meanwhile; mail missed meanwhile is caught up', async () => {
      const CATCH_UP_MS = 2_000;
      const { env, sync } = await startSyncEnv(sandbox, kind);
      try {
        const ann = await connectUser(env, sandbox, 3);
        Object.assign(sync.settings, { tickMs: 250, pollMs: 3_600_000, catchUpMs: CATCH_UP_MS, subscribeRetryMs: 500, subscribeRetryMaxMs: 500 });
        const old = (await subscriptionsOf(sandbox, ann.mailboxId))[0]!;
        const health = async () => (await ann.api.request('GET', '/api/microsoft')).body.health.resources.find((r: { resource: string }) => r.resource === 'mail');

        // Graph will refuse a new subscription for now, so the gap is visible in health.
        const goodUrl = env.config.publicUrl;
        env.config.publicUrl = 'http://127.0.0.1:1';
        await control(sandbox, 'POST', `/control/notifications/subscriptions/${old.id}/expire`);
        const gone = Date.now();
        await deliver(sandbox, ann.mailboxId, 'sent while nobody listened');

        await waitFor(async () => (await health())?.mode === 'polling', { timeoutMs: 3 * CATCH_UP_MS, message: 'health kept saying push without a subscription' });
        assert.ok(Date.now() - gone <= CATCH_UP_MS + 1_500, `noticed after ${Date.now() - gone} ms`);
        // Between dropping the lost subscription and Graph refusing a new one, health says it is being set up.
        const polling = await waitFor(async () => {
          const h = await health();
          return h?.mode === 'polling' && /refused/.test(h.modeReason ?? '') ? h : undefined;
        }, { timeoutMs: 3 * CATCH_UP_MS, message: 'health never gave Graph\'s refusal as the reason' });
        assert.equal(polling.subscriptionExpiresAt, null);
        // The Inbox catch-up (or polling) brought the message that no notification announced.
        await waitFor(async () => (await emailCount(env, ann.accountId)) === 4, { timeoutMs: 3 * CATCH_UP_MS, message: 'the missed message never arrived' });

        env.config.publicUrl = goodUrl;
        await waitFor(async () => (await subscriptionsOf(sandbox, ann.mailboxId)).some((s) => s.id !== old.id), { timeoutMs: 3 * CATCH_UP_MS, message: 'never resubscribed' });
        const live = await waitFor(async () => {
          const h = await health();
          return h?.mode === 'push' && h.state === 'live' ? h : undefined;
        }, { message: 'health never returned to push' });
        assert.ok(live.subscriptionExpiresAt);

        // Push works again.
        await deliver(sandbox, ann.mailboxId, 'pushed after the gap');
        await control(sandbox, 'POST', '/control/notifications/flush');
        await waitFor(async () => (await emailCount(env, ann.accountId)) === 5, { timeoutMs: 10_000, message: 'push did not resume' });
      } finally {
        await env.close();
      }
    });
  });
}

describe('only what was granted is subscribed', () => {
  test('a subscription of a resource the account no longer syncs is deleted at Graph, and that resource is no longer synced', async () => {
    const { env, sync } = await startSyncEnv(sandbox, 'sqlite');
    try {
      const ann = await connectUser(env, sandbox, 2);
      assert.equal((await subscriptionsOf(sandbox, ann.mailboxId)).length, 1);
      sync.settings.tickMs = 250;
      // As if the grant no longer covered mail (a reconnect with Outlook mail unticked).
      await env.database.db.updateTable('microsoft_accounts').set({ granted_scopes: JSON.stringify(['User.Read', 'openid', 'profile', 'email', 'offline_access']) })
        .where('id', '=', ann.accountId).execute();
      await waitFor(async () => (await subscriptionsOf(sandbox, ann.mailboxId)).length === 0, { timeoutMs: 10_000, message: 'the unwanted subscription stayed at Graph' });
      const view = (await ann.api.request('GET', '/api/microsoft')).body;
      assert.deepEqual(view.health.resources, [], 'no health row for a resource that is not synced');
      await deliver(sandbox, ann.mailboxId, 'not synced any more');
      await control(sandbox, 'POST', '/control/notifications/flush');
      await env.queue.enqueue('microsoft.sync', { accountId: ann.accountId, resource: 'mail', all: true }, { key: 'ungranted' });
      await waitFor(async () => !(await env.database.db.selectFrom('jobs').select('id').where('state', 'in', ['queued', 'running']).where('name', '=', 'microsoft.sync').executeTakeFirst()), { message: 'sync job never ran' });
      assert.equal(await emailCount(env, ann.accountId), 2, 'mail is not synced without its grant');
    } finally {
      await env.close();
    }
  });
});
