/**
 * One suite for every synced resource. A resource joins by adding an entry to RESOURCES
 * (calendar, contacts, To Do later): how to seed items, add one, remove one and count its rows.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { SyncContext, SyncResource, SyncScope } from '../../src/microsoft/sync/contract.js';
import { mailResource } from '../../src/microsoft/sync/mail/mailResource.js';
import { syncScope } from '../../src/microsoft/sync/runner.js';
import { control, startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { connectUser, deliver, startSyncEnv } from './syncHelpers.js';

interface ResourceUnderTest {
  name: string;
  make(): SyncResource;
  seed(sb: TestSandbox, mailbox: string, n: number): Promise<void>;
  add(sb: TestSandbox, mailbox: string): Promise<void>;
  removeOne(ctx: SyncContext): Promise<void>;
  count(ctx: SyncContext): Promise<{ rows: number; distinct: number }>;
}

const RESOURCES: ResourceUnderTest[] = [{
  name: 'mail',
  make: () => mailResource({ maxPageSize: 10 }),
  seed: async (sb, mailbox, n) => void (await control(sb, 'POST', '/control/mail/generate', { mailbox, count: n })),
  add: async (sb, mailbox) => void (await deliver(sb, mailbox, 'contract add')),
  removeOne: async (ctx) => {
    const row = await ctx.db.selectFrom('emails').select('graph_id').where('account_id', '=', ctx.account.id).orderBy('graph_id').executeTakeFirstOrThrow();
    await ctx.graph.request(ctx.account.id, { method: 'DELETE', path: `/me/messages/${encodeURIComponent(row.graph_id)}` });
  },
  count: async (ctx) => {
    const r = await ctx.db.selectFrom('emails').select((eb) => [eb.fn.countAll<number>().as('rows'), eb.fn.count<number>('graph_id').distinct().as('distinct')])
      .where('account_id', '=', ctx.account.id).executeTakeFirstOrThrow();
    return { rows: Number(r.rows), distinct: Number(r.distinct) };
  },
}];

let sandbox: TestSandbox;
before(async () => {
  sandbox = await startTestSandbox({ notificationDelayMs: 0 });
});
after(() => sandbox.close());

for (const r of RESOURCES) {
  describe(`sync contract: ${r.name}`, () => {
    test('initial, incremental, removal, expired cursor, crash mid-round, replays', async () => {
      const { env } = await startSyncEnv(sandbox, 'sqlite');
      try {
        const user = await connectUser(env, sandbox, 0);
        // The runner is driven directly here: stop the integration's own jobs from touching this account.
        await env.queue.stop();
        const account = (await env.integration.accounts.byUser(user.api.user!.id))!;
        const ctx: SyncContext = { db: env.database.db, graph: env.integration.graph, account: { id: account.id, userId: account.userId, workspaceId: account.workspaceId } };
        const resource = r.make();
        const all = async () => {
          const scopes: SyncScope[] = await resource.listScopes(ctx);
          for (const sc of scopes) await syncScope(ctx, resource, sc);
          return scopes;
        };

        await r.seed(sandbox, user.mailboxId, 95);
        const base = (await r.count(ctx)).rows;
        await all();
        assert.deepEqual(await r.count(ctx), { rows: base + 95, distinct: base + 95 }, 'initial round');

        await r.add(sandbox, user.mailboxId);
        await all();
        assert.deepEqual(await r.count(ctx), { rows: base + 96, distinct: base + 96 }, 'incremental round');

        await r.removeOne(ctx);
        await all();
        assert.deepEqual(await r.count(ctx), { rows: base + 95, distinct: base + 95 }, 'removal');

        // Expired cursor: reset, full round, no duplicates; an item removed meanwhile is swept.
        await r.removeOne(ctx);
        await control(sandbox, 'POST', '/control/mail/delta/evict', { mailbox: user.mailboxId, code: 'resyncRequired' });
        await all();
        assert.deepEqual(await r.count(ctx), { rows: base + 94, distinct: base + 94 }, 'reset after an expired cursor');

        // Crash after a few committed pages of a full round: the next run resumes from the saved cursor.
        await control(sandbox, 'POST', '/control/mail/delta/evict', { mailbox: user.mailboxId, code: 'syncStateNotFound' });
        const scopes = await resource.listScopes(ctx);
        const big = scopes.reduce((a, b) => ((a.totalItems ?? 0) >= (b.totalItems ?? 0) ? a : b));
        let pages = 0;
        await assert.rejects(syncScope(ctx, resource, big, { onPage: () => {
          if (++pages === 2) throw new Error('crash');
        } }));
        const saved = await ctx.db.selectFrom('microsoft_sync_states').select('next_link').where('account_id', '=', account.id).where('scope_key', '=', big.key).executeTakeFirstOrThrow();
        assert.ok(saved.next_link, 'cursor saved mid-round');
        for (const sc of scopes) await syncScope(ctx, resource, sc);
        assert.deepEqual(await r.count(ctx), { rows: base + 94, distinct: base + 94 }, 'resume after a crash');

        // Replays: pages that repeat items and empty pages with a nextLink are harmless.
        await control(sandbox, 'PUT', '/control/mail/delta/replays', { mode: 'always', emptyPages: true });
        try {
          await r.add(sandbox, user.mailboxId);
          await control(sandbox, 'POST', '/control/mail/delta/evict', { mailbox: user.mailboxId });
          await all();
          assert.deepEqual(await r.count(ctx), { rows: base + 95, distinct: base + 95 }, 'replayed items');
        } finally {
          await control(sandbox, 'PUT', '/control/mail/delta/replays', { mode: 'off', emptyPages: false });
        }
      } finally {
        await env.close();
      }
    });
  });
}
