import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { runSubscriptionCleanup, type CleanupDeps, type CleanupPayload } from '../../src/app/microsoft/subscriptionCleanup.js';
import { MicrosoftError } from '../../src/microsoft/graph/errors.js';
import { newId } from '../../src/lib/ids.js';
import { DB_KINDS } from '../helpers/db.js';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { waitFor } from '../helpers/wait.js';
import { connectUser, startSyncEnv, subscriptionsOf } from './syncHelpers.js';

const HOUR = 3_600_000;

function fakeDeps(fail: (graphId: string) => MicrosoftError | null, now: number) {
  const calls: string[] = [];
  const queued: Array<{ payload: CleanupPayload; runAt: number }> = [];
  const dropped: string[] = [];
  const deps: CleanupDeps = {
    deleteRemote: async (_key, graphId) => {
      calls.push(graphId);
      const err = fail(graphId);
      if (err) throw err;
    },
    dropTokens: async (key) => void dropped.push(key),
    enqueue: async (payload, runAt) => void queued.push({ payload, runAt }),
    now: () => now,
    backoff: { baseMs: 30_000, maxMs: 30 * 60_000 },
    warn: () => undefined,
  };
  return { deps, calls, queued, dropped };
}

describe('subscription delete job', () => {
  const at = Date.parse('2025-01-01T00:00:00Z');
  const payload = (subs: Array<[string, number]>, attempt = 0): CleanupPayload => ({
    accountId: 'acc', tokenKey: 'retired:acc:mail', attempt, subscriptions: subs.map(([graphId, inMs]) => ({ graphId, expiresAt: new Date(at + inMs).toISOString() })),
  });

  test('deleted or already gone (404, or 410 from a server that says so): done, tokens dropped', async () => {
    const f = fakeDeps((id) => (id === 'gone' ? new MicrosoftError('notFound', 'Graph 404') : id === 'gone410' ? new MicrosoftError('deltaExpired', 'Graph 410', { status: 410 }) : null), at);
    assert.equal(await runSubscriptionCleanup(f.deps, payload([['live', 48 * HOUR], ['gone', 48 * HOUR], ['gone410', 48 * HOUR]])), 'done');
    assert.deepEqual(f.calls, ['live', 'gone', 'gone410']);
    assert.deepEqual(f.dropped, ['retired:acc:mail']);
    assert.equal(f.queued.length, 0);
  });

  test('a failing delete keeps retrying with capped backoff long past 20 attempts, until the subscription expires', async () => {
    const down = () => new MicrosoftError('transient', 'Graph 503');
    let p = payload([['sub', 60 * HOUR]]);
    let now = at;
    let runs = 0;
    for (;;) {
      const f = fakeDeps(down, now);
      const outcome = await runSubscriptionCleanup(f.deps, p);
      runs += 1;
      if (outcome === 'done') {
        assert.deepEqual(f.calls, [], 'an expired subscription is done without asking Graph');
        assert.deepEqual(f.dropped, ['retired:acc:mail']);
        break;
      }
      assert.equal(f.queued.length, 1);
      const next = f.queued[0]!;
      assert.ok(next.runAt > now, 'retried later, not at once');
      assert.ok(next.runAt - now <= 30 * 60_000, 'backoff is capped at 30 minutes');
      assert.equal(next.payload.attempt, p.attempt + 1);
      p = next.payload;
      now = next.runAt;
      assert.ok(runs < 1_000);
    }
    assert.ok(runs > 20, `gave up after ${runs} runs`);
    assert.ok(now >= at + 60 * HOUR, 'stopped before the subscription expired');
    assert.ok(now <= at + 60 * HOUR + 60_000, 'kept going long after expiry');
  });

  test('a dead grant cannot delete anything: done, the subscription expires by itself', async () => {
    const f = fakeDeps(() => new MicrosoftError('reauthRequired', 'invalid_grant'), at);
    assert.equal(await runSubscriptionCleanup(f.deps, payload([['sub', HOUR]])), 'done');
    assert.deepEqual(f.dropped, ['retired:acc:mail']);
  });

  test('only the failed ones are retried', async () => {
    const f = fakeDeps((id) => (id === 'bad' ? new MicrosoftError('transient', 'Graph 500') : null), at);
    assert.equal(await runSubscriptionCleanup(f.deps, payload([['ok', HOUR], ['bad', 2 * HOUR]])), 'retrying');
    assert.deepEqual(f.queued[0]!.payload.subscriptions.map((s) => s.graphId), ['bad']);
    assert.equal(f.queued[0]!.runAt, at + 30_000);
    assert.equal(f.dropped.length, 0, 'the tokens stay while a delete is pending');
  });
});

let sandbox: TestSandbox;
before(async () => {
  sandbox = await startTestSandbox({ notificationDelayMs: 0 });
});
after(() => sandbox.close());

for (const kind of DB_KINDS) {
  describe(`mail disconnect (${kind})`, () => {
    test('local rows go at once, the subscription is deleted by its own job, another account\'s timeline rows survive', async () => {
      const { env } = await startSyncEnv(sandbox, kind);
      try {
        const ann = await connectUser(env, sandbox, 5);
        const bob = await connectUser(env, sandbox, 3);
        const db = env.database.db;
        const annUser = ann.api.user!.id;
        const ws = ann.api.workspaceId!;
        const annEmail = await db.selectFrom('emails').select(['id', 'graph_id']).where('account_id', '=', ann.accountId).executeTakeFirstOrThrow();
        const bobEmail = await db.selectFrom('emails').select('id').where('account_id', '=', bob.accountId).executeTakeFirstOrThrow();
        const activity = (sourceType: string, sourceId: string) => ({
          id: newId(), workspace_id: ws, kind: 'email' as const, occurred_at: new Date().toISOString(), title: 't', body: null, person_id: null, company_id: null,
          source_type: sourceType, source_id: sourceId, source_meta: null, created_by: annUser, created_at: new Date().toISOString(),
        });
        const mine = [activity('microsoft', annEmail.id), activity('microsoft', annEmail.graph_id)];
        // Same workspace and creator, but not synced from Ann's account: another account's email, another source.
        const others = [activity('microsoft', bobEmail.id), activity('imap', 'imap-message-1')];
        await db.insertInto('activities').values([...mine, ...others] as never).execute();
        const sub = (await subscriptionsOf(sandbox, ann.mailboxId))[0]!;
        assert.ok(sub);

        assert.equal((await ann.api.request('POST', '/api/microsoft/disconnect')).status, 202);
        await waitFor(async () => !(await env.integration.accounts.byId(ann.accountId)), { timeoutMs: 15_000, message: 'account never deleted' });
        for (const table of ['emails', 'mail_folders', 'email_people', 'microsoft_subscriptions', 'microsoft_sync_states', 'microsoft_subscription_failures'] as const) {
          assert.equal((await db.selectFrom(table).selectAll().where('account_id', '=', ann.accountId).execute()).length, 0, table);
        }
        const left = (await db.selectFrom('activities').select('id').where('workspace_id', '=', ws).execute()).map((r) => r.id).sort();
        assert.deepEqual(left, others.map((o) => o.id).sort());

        // The remote delete ran as its own job; its copy of the tokens goes with it.
        await waitFor(async () => (await subscriptionsOf(sandbox, ann.mailboxId)).length === 0, { timeoutMs: 15_000, message: 'subscription left at Microsoft' });
        await waitFor(async () => (await db.selectFrom('microsoft_token_caches').select('account_key').execute()).every((r) => !r.account_key.includes(ann.accountId)), { message: 'tokens left behind' });
        assert.equal((await subscriptionsOf(sandbox, bob.mailboxId)).length, 1);
        assert.ok(await env.integration.accounts.byId(bob.accountId));
      } finally {
        await env.close();
      }
    });

    test('Settings then says what was removed and where to withdraw the permissions at Microsoft, until dismissed', async () => {
      const { env } = await startSyncEnv(sandbox, kind);
      try {
        const ann = await connectUser(env, sandbox, 4);
        const emails = (await env.database.db.selectFrom('emails').select('id').where('account_id', '=', ann.accountId).execute()).length;
        assert.ok(emails >= 4);
        const before = (await ann.api.request('GET', '/api/microsoft')).body as { lastDisconnect: unknown };
        assert.equal(before.lastDisconnect, null);

        assert.equal((await ann.api.request('POST', '/api/microsoft/disconnect')).status, 202);
        type Receipt = { username: string; finishedAt: string | null; removed: Array<{ resource: string; count: number; what: string }>; subscriptionsStopped: number; revoke: { url: string | null; page: string } };
        let receipt: Receipt | null = null;
        await waitFor(async () => {
          const view = (await ann.api.request('GET', '/api/microsoft')).body as { status: string; lastDisconnect: Receipt | null };
          receipt = view.status === 'not_connected' ? view.lastDisconnect : null;
          return receipt?.finishedAt != null;
        }, { timeoutMs: 15_000, message: 'disconnect never finished' });
        const r = receipt! as Receipt;
        assert.equal(r.username, ann.upn);
        assert.deepEqual(r.removed.find((x) => x.resource === 'mail'), { resource: 'mail', count: emails, what: 'emails' });
        assert.equal(r.subscriptionsStopped, 1);
        // The sandbox is no Microsoft cloud: the page is named, with no link to a portal that is not its own.
        assert.equal(r.revoke.url, null);
        assert.match(r.revoke.page, /My Apps/);

        assert.equal((await ann.api.request('DELETE', '/api/microsoft/disconnect-receipt')).status, 204);
        assert.equal(((await ann.api.request('GET', '/api/microsoft')).body as { lastDisconnect: unknown }).lastDisconnect, null);
        const again = await ann.api.request('DELETE', '/api/microsoft/disconnect-receipt');
        assert.equal(again.status, 404);
        assert.match(JSON.stringify(again.body), /no disconnect to dismiss/);
      } finally {
        await env.close();
      }
    });
  });
}
