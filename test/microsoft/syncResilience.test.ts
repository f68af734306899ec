import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { SYNC_JOB } from '../../src/app/microsoft/sync/jobs.js';
import { control, startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { waitFor } from '../helpers/wait.js';
import { connectUser, deliver, emailCount, initialDone, startSyncEnv, subscriptionsOf } from './syncHelpers.js';

let sandbox: TestSandbox;
before(async () => {
  sandbox = await startTestSandbox({ notificationDelayMs: 0 });
});
after(() => sandbox.close());

const flush = () => control(sandbox, 'POST', '/control/notifications/flush');
const distinctGraphIds = async (env: Awaited<ReturnType<typeof startSyncEnv>>['env'], accountId: string) =>
  Number((await env.database.db.selectFrom('emails').select((eb) => eb.fn.count<number>('graph_id').distinct().as('n')).where('account_id', '=', accountId).executeTakeFirstOrThrow()).n);

describe('mail sync under faults (sqlite)', () => {
  test('handshake, forged notifications, duplicates, reordering, drops, 410, 429, lifecycle events', async () => {
    const { env } = await startSyncEnv(sandbox, 'sqlite', { sweepIntervalMs: 1_500 });
    try {
      const ann = await connectUser(env, sandbox, 50);
      const db = env.database.db;

      // Handshake: the decoded token, as text, with no database involved.
      const hs = await fetch(`${env.url}/webhooks/microsoft?validationToken=${encodeURIComponent('a b+c/<>')}`, { method: 'POST', headers: { 'content-type': 'text/plain' } });
      assert.equal(hs.status, 200);
      assert.match(hs.headers.get('content-type') ?? '', /text\/plain/);
      assert.equal(await hs.text(), 'a b+c/<>');
      const bad = await fetch(`${env.url}/webhooks/microsoft`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{nope' });
      assert.equal(bad.status, 400);

      // Forged: wrong clientState and unknown subscription change nothing and are counted.
      const sub = await db.selectFrom('microsoft_subscriptions').selectAll().where('account_id', '=', ann.accountId).executeTakeFirstOrThrow();
      const forged = await fetch(`${env.url}/webhooks/microsoft`, {
        method: 'POST', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ value: [
          { subscriptionId: sub.graph_id, clientState: 'guess', changeType: 'created', resourceData: { id: 'forged-1' } },
          { subscriptionId: 'no-such-sub', clientState: 'x', changeType: 'created', resourceData: { id: 'forged-2' } },
        ] }),
      });
      assert.equal(forged.status, 202);
      const pendingForged = await db.selectFrom('microsoft_pending_changes').selectAll().where('item_id', 'in', ['forged-1', 'forged-2']).execute();
      assert.equal(pendingForged.length, 0);
      const rejected = await db.selectFrom('microsoft_counters').select('value').where('account_id', '=', ann.accountId).where('name', '=', 'notifications_rejected:mail').executeTakeFirst();
      assert.equal(rejected?.value, 1);
      const unattributed = await db.selectFrom('microsoft_counters').select('value').where('account_id', '=', '-').where('name', '=', 'notifications_rejected:-').executeTakeFirst();
      assert.ok((unattributed?.value ?? 0) >= 1);

      // Duplicated and reordered notifications: exact row counts.
      await control(sandbox, 'POST', '/control/notifications/duplicate', { count: 3 });
      for (let i = 0; i < 3; i++) await deliver(sandbox, ann.mailboxId, `dup ${i}`);
      await flush();
      await waitFor(async () => (await emailCount(env, ann.accountId)) === 53, { message: 'duplicated notifications not synced' });
      await control(sandbox, 'POST', '/control/notifications/reorder', { count: 2 });
      await deliver(sandbox, ann.mailboxId, 'reorder a');
      await flush();
      await deliver(sandbox, ann.mailboxId, 'reorder b');
      await flush();
      await waitFor(async () => (await emailCount(env, ann.accountId)) === 55, { message: 'reordered notifications not synced' });
      assert.equal(await distinctGraphIds(env, ann.accountId), 55);

      // Dropped notifications: the sweep (1.5 s here) finds the mail anyway.
      await control(sandbox, 'POST', '/control/notifications/drop', { count: 2 });
      await deliver(sandbox, ann.mailboxId, 'dropped 1');
      await deliver(sandbox, ann.mailboxId, 'dropped 2');
      await flush();
      await waitFor(async () => (await emailCount(env, ann.accountId)) === 57, { timeoutMs: 15_000, message: 'sweep never recovered dropped notifications' });

      // Evicted delta state (410): reset and resync with no duplicates and no ghosts.
      await control(sandbox, 'POST', '/control/mail/delta/evict', { mailbox: ann.mailboxId, code: 'syncStateNotFound' });
      await deliver(sandbox, ann.mailboxId, 'after eviction');
      await flush();
      await waitFor(async () => (await emailCount(env, ann.accountId)) === 58 && (await initialDone(env, ann.accountId)), { timeoutMs: 15_000, message: 'no recovery from 410' });
      assert.equal(await distinctGraphIds(env, ann.accountId), 58);

      // 429 with Retry-After honoured; never more than 4 concurrent requests on the mailbox.
      await control(sandbox, 'POST', '/control/mail/stats/reset');
      await control(sandbox, 'POST', '/control/mail/faults', { mailbox: ann.mailboxId, status: 429, count: 2, retryAfter: 1 });
      const started = Date.now();
      await deliver(sandbox, ann.mailboxId, 'throttled');
      await flush();
      await waitFor(async () => (await emailCount(env, ann.accountId)) === 59, { timeoutMs: 15_000, message: 'throttled sync never finished' });
      const stats = await control<{ peakConcurrencyByMailbox: Record<string, number>; faultsServed: number }>(sandbox, 'GET', '/control/mail/stats');
      assert.ok(stats.faultsServed >= 1);
      assert.ok(Date.now() - started >= 1_000, 'Retry-After was not waited for');
      assert.ok((stats.peakConcurrencyByMailbox[ann.mailboxId] ?? 0) <= 4);

      // Lifecycle: reauthorizationRequired → reauthorize; missed → resync; subscriptionRemoved → new subscription + resync.
      const graphSub = (await subscriptionsOf(sandbox, ann.mailboxId))[0]!;
      await control(sandbox, 'POST', '/control/mail/stats/reset');
      await control(sandbox, 'POST', `/control/notifications/subscriptions/${graphSub.id}/lifecycle`, { event: 'reauthorizationRequired' });
      await flush();
      await waitFor(async () => {
        const st = await control<{ callsByEndpoint: Record<string, number> }>(sandbox, 'GET', '/control/mail/stats');
        return Object.keys(st.callsByEndpoint).length >= 0 && (await subscriptionsOf(sandbox, ann.mailboxId))[0]?.id === graphSub.id;
      });
      await control(sandbox, 'POST', '/control/notifications/drop', { count: 1 });
      await deliver(sandbox, ann.mailboxId, 'missed one');
      await flush();
      await control(sandbox, 'POST', `/control/notifications/subscriptions/${graphSub.id}/lifecycle`, { event: 'missed' });
      await flush();
      await waitFor(async () => (await emailCount(env, ann.accountId)) === 60, { timeoutMs: 15_000, message: 'missed never resynced' });
      await control(sandbox, 'POST', `/control/notifications/subscriptions/${graphSub.id}/lifecycle`, { event: 'subscriptionRemoved' });
      await flush();
      const fresh = await waitFor(async () => {
        const subs = await subscriptionsOf(sandbox, ann.mailboxId);
        return subs.length === 1 && subs[0]!.id !== graphSub.id ? subs[0] : undefined;
      }, { timeoutMs: 15_000, message: 'subscription never recreated' });
      const rows = await db.selectFrom('microsoft_subscriptions').selectAll().where('account_id', '=', ann.accountId).execute();
      assert.deepEqual(rows.map((r) => r.graph_id), [fresh.id]);
      await deliver(sandbox, ann.mailboxId, 'after recreate');
      await flush();
      await waitFor(async () => (await emailCount(env, ann.accountId)) === 61, { timeoutMs: 10_000, message: 'new subscription does not deliver' });
      assert.equal(await distinctGraphIds(env, ann.accountId), 61);
    } finally {
      await env.close();
    }
  });

  test('a sync interrupted mid initial round resumes from the saved cursor without duplicates', async () => {
    const first = await startSyncEnv(sandbox, 'sqlite');
    const { env } = first;
    try {
      // Small pages and some Graph latency so the round takes many pages; then Graph fails past every retry.
      first.sync.manifests.get('mail')!.sync.headers = () => ({ prefer: 'odata.maxpagesize=20' });
      const ann = await connectUser(env, sandbox, 0);
      const accountId = ann.accountId;
      await control(sandbox, 'POST', '/control/mail/generate', { mailbox: ann.mailboxId, count: 400 });
      await control(sandbox, 'PUT', '/control/mail/throttling', { latencyMs: 15 });
      await env.queue.enqueue(SYNC_JOB, { accountId, resource: 'mail', all: true, list: true }, { key: `mail:${accountId}:sweep` });
      await waitFor(async () => (await emailCount(env, accountId)) >= 40, { timeoutMs: 15_000 });
      await control(sandbox, 'POST', '/control/mail/faults', { mailbox: ann.mailboxId, status: 500, count: 40 });
      const failed = await waitFor(async () => {
        const states = await env.database.db.selectFrom('microsoft_sync_states').selectAll().where('account_id', '=', accountId).execute();
        return states.find((st) => st.last_error_kind === 'transient' && st.next_link) ? states : undefined;
      }, { timeoutMs: 20_000, message: 'the round never failed mid-way' });
      const mid = await emailCount(env, accountId);
      assert.ok(mid < 400, `interrupted too late (${mid})`);
      assert.ok(failed.some((st) => st.next_link));
      await control(sandbox, 'PUT', '/control/mail/throttling', { latencyMs: 0 });
      await waitFor(async () => (await emailCount(env, accountId)) === 400 && (await initialDone(env, accountId)), { timeoutMs: 30_000, message: 'resume never finished' });
      assert.equal(await distinctGraphIds(env, accountId), 400);
    } finally {
      await control(sandbox, 'PUT', '/control/mail/throttling', { latencyMs: 0 });
      await env.close();
    }
  });

  test('polling mode when PUBLIC_URL is a non-loopback http URL', async () => {
    const { env, sync } = await startSyncEnv(sandbox, 'sqlite');
    try {
      const ann = await connectUser(env, sandbox, 5);
      const sub = (await subscriptionsOf(sandbox, ann.mailboxId))[0]!;
      sync.settings.pollMs = 500;
      sync.settings.tickMs = 300;
      // The public address changes to one Graph cannot push to; the old subscription expires.
      env.config.publicUrl = 'http://crm.example.test';
      await control(sandbox, 'POST', `/control/notifications/subscriptions/${sub.id}/expire`);
      const view = await ann.api.request('GET', '/api/microsoft');
      assert.equal(view.body.webhooks.mode, 'polling');
      assert.match(view.body.webhooks.reason, /https/);
      await deliver(sandbox, ann.mailboxId, 'polled');
      await waitFor(async () => (await emailCount(env, ann.accountId)) === 6, { timeoutMs: 10_000, message: 'polling never picked the mail up' });
      assert.equal((await subscriptionsOf(sandbox, ann.mailboxId)).length, 0, 'a subscription was created in polling mode');
      const health = (await ann.api.request('GET', '/api/microsoft')).body.health.resources[0];
      assert.equal(health.state, 'polling');
    } finally {
      await env.close();
    }
  });
});
