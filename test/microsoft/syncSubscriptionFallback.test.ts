import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { webhookModeFor } from '../../src/app/microsoft/status.js';
import { DB_KINDS } from '../helpers/db.js';
import { control, startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { openEventStream } from '../helpers/server.js';
import { waitFor } from '../helpers/wait.js';
import { connectUser, deliver, emailCount, startSyncEnv, subscriptionsOf } from './syncHelpers.js';

let sandbox: TestSandbox;
before(async () => {
  sandbox = await startTestSandbox({ notificationDelayMs: 0 });
});
after(() => sandbox.close());

describe('webhook rule', () => {
  test('https, or http on a loopback address; anything else polls with the reason', () => {
    for (const url of ['https://crm.example.com', 'http://localhost:3000', 'http://127.0.0.1:8080', 'http://127.8.9.10', 'http://[::1]:3000', 'http://tandem.localhost']) {
      assert.deepEqual(webhookModeFor(url, 30_000), { mode: 'push', reason: null }, url);
    }
    for (const url of ['http://crm.example.com', 'http://10.0.0.1', 'http://128.0.0.1', 'http://localhost.example.com']) {
      const m = webhookModeFor(url, 45_000);
      assert.equal(m.mode, 'polling', url);
      assert.match(m.reason!, /https/);
      assert.match(m.reason!, /45 seconds/);
    }
  });
});

describe('settings', () => {
  test('poll and stale intervals come from the validated config, not from process.env', async () => {
    const saved = { poll: process.env.SYNC_POLL_SECONDS, stale: process.env.SYNC_STALE_MINUTES };
    process.env.SYNC_POLL_SECONDS = '999';
    process.env.SYNC_STALE_MINUTES = '999';
    const { env, sync } = await startSyncEnv(sandbox, 'sqlite', { pollIntervalMs: 7_000, staleSyncMs: 120_000 });
    try {
      assert.equal(sync.settings.pollMs, 7_000);
      assert.equal(sync.settings.staleMs, 120_000);
      assert.match(webhookModeFor('http://crm.example.test', sync.settings.pollMs).reason!, /every 7 seconds/);
    } finally {
      await env.close();
      for (const [k, v] of [['SYNC_POLL_SECONDS', saved.poll], ['SYNC_STALE_MINUTES', saved.stale]] as const) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
  });
});

for (const kind of DB_KINDS) {
  describe(`subscription refused by Graph (${kind})`, () => {
    test('sync keeps going by polling, health says why, creation backs off, push returns when Graph accepts', async () => {
      const { env, sync } = await startSyncEnv(sandbox, kind);
      try {
        const ann = await connectUser(env, sandbox, 5);
        const goodUrl = env.config.publicUrl;
        const sub = (await subscriptionsOf(sandbox, ann.mailboxId))[0]!;
        Object.assign(sync.settings, { pollMs: 400, tickMs: 300, subscribeRetryMs: 1_500, subscribeRetryMaxMs: 3_000 });
        const attempts: number[] = [];
        const create = sync.subscriptions.create.bind(sync.subscriptions);
        sync.subscriptions.create = (accountId, spec) => {
          attempts.push(Date.now());
          return create(accountId, spec);
        };

        // Loopback http passes the rule, but nothing answers Graph's validation request there: Graph refuses.
        env.config.publicUrl = 'http://127.0.0.1:1';
        assert.equal(env.integration.webhookMode().mode, 'push');
        await control(sandbox, 'POST', `/control/notifications/subscriptions/${sub.id}/lifecycle`, { event: 'subscriptionRemoved' });
        await control(sandbox, 'POST', '/control/notifications/flush');

        const polling = await waitFor(async () => {
          const view = (await ann.api.request('GET', '/api/microsoft')).body;
          // Until the first refused attempt, health says the subscription is being set up.
          return view.health?.resources[0]?.state === 'polling' && /refused/.test(view.health.resources[0].modeReason ?? '') ? view : undefined;
        }, { timeoutMs: 15_000, message: 'health never showed polling after Graph refused the subscription' });
        const h = polling.health.resources[0];
        assert.equal(h.mode, 'polling');
        assert.match(h.modeReason, /refused/);
        assert.match(h.modeReason, /127\.0\.0\.1:1\/webhooks\/microsoft/);
        assert.equal(h.lastError, h.modeReason);
        assert.equal(polling.webhooks.mode, 'polling');
        assert.equal(polling.webhooks.reason, h.modeReason);
        assert.equal((await subscriptionsOf(sandbox, ann.mailboxId)).length, 0);

        // No subscription, yet new mail arrives: the account is polled.
        await deliver(sandbox, ann.mailboxId, 'polled while refused');
        await waitFor(async () => (await emailCount(env, ann.accountId)) === 6, { timeoutMs: 10_000, message: 'polling never picked the mail up' });

        // Creation is retried with backoff, not on every 300 ms tick.
        await waitFor(() => attempts.length >= 3, { timeoutMs: 15_000, message: 'creation was not retried' });
        for (let i = 1; i < attempts.length; i++) assert.ok(attempts[i]! - attempts[i - 1]! >= 1_400, `attempts ${i - 1} and ${i} only ${attempts[i]! - attempts[i - 1]!} ms apart`);
        const failure = await env.database.db.selectFrom('microsoft_subscription_failures').selectAll().where('account_id', '=', ann.accountId).executeTakeFirstOrThrow();
        assert.ok(failure.failures >= 2);

        // Graph accepts again: the next retry subscribes, health returns to live/push, mail is pushed.
        env.config.publicUrl = goodUrl;
        const live = await waitFor(async () => {
          const view = (await ann.api.request('GET', '/api/microsoft')).body;
          return view.health?.resources[0]?.state === 'live' ? view : undefined;
        }, { timeoutMs: 15_000, message: 'push mode never came back' });
        assert.equal(live.health.resources[0].mode, 'push');
        assert.equal(live.health.resources[0].modeReason, null);
        assert.equal(live.health.resources[0].lastError, null);
        assert.equal(live.webhooks.mode, 'push');
        await waitFor(async () => (await subscriptionsOf(sandbox, ann.mailboxId)).length === 1, { message: 'no subscription at Graph' });
        await waitFor(async () => (await env.database.db.selectFrom('microsoft_subscriptions').selectAll().where('account_id', '=', ann.accountId).where('status', '=', 'active').execute()).length === 1);
        assert.equal((await env.database.db.selectFrom('microsoft_subscription_failures').selectAll().where('account_id', '=', ann.accountId).execute()).length, 0);

        sync.settings.pollMs = 3_600_000;
        const events = await openEventStream(ann.api);
        await deliver(sandbox, ann.mailboxId, 'pushed again');
        await control(sandbox, 'POST', '/control/notifications/flush');
        await waitFor(async () => (await emailCount(env, ann.accountId)) === 7, { timeoutMs: 10_000, message: 'push did not resume' });
        events.close();
      } finally {
        await env.close();
      }
    });
  });
}
