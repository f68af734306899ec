/**
 * One suite for every synced resource. A resource joins by adding an entry to RESOURCES: its
 * manifest, how to seed items at Microsoft, add one, remove one, count its rows, steer the
 * sandbox's delta faults and, for a two-way resource, make a CRM change that is written back.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { SyncedResource } from '../../src/microsoft/catalogue.js';
import type { SyncContext, SyncScope } from '../../src/microsoft/sync/contract.js';
import { calendarManifest } from '../../src/microsoft/sync/calendar/calendarManifest.js';
import { mailManifest } from '../../src/microsoft/sync/mail/mailManifest.js';
import { todoManifest } from '../../src/microsoft/sync/todo/todoManifest.js';
import type { ResourceManifest } from '../../src/microsoft/sync/manifest.js';
import { syncScope } from '../../src/microsoft/sync/runner.js';
import { DB_KINDS } from '../helpers/db.js';
import type { MicrosoftTestEnv } from '../helpers/microsoft.js';
import { control, startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { waitFor } from '../helpers/wait.js';
import { outlookCreate, slot, writesOf } from './calendarHelpers.js';
import { contactsManifest } from '../../src/microsoft/sync/contacts/contactsManifest.js';
import { contactWrites, outlookContactCreate } from './contactsHelpers.js';
import { connectUser, deliver, startSyncEnv, subscriptionsOf, type ConnectedUser } from './syncHelpers.js';
import { filesManifest } from '../../src/microsoft/sync/drive/driveManifest.js';
import { driveContractLinks } from './driveHelpers.js';


export interface ResourceUnderTest {
  name: SyncedResource;
  /** The manifest with small pages, so a few dozen items take several pages. */
  manifest(): ResourceManifest;
  /** The Graph resource path its subscription watches (a pattern when it names the user's own item). */
  subscriptionResource: string | RegExp;
  /** `ctx` is the connected account, for resources that sync only what Tandem linked (files). */
  seed(sb: TestSandbox, mailbox: string, n: number, ctx: SyncContext): Promise<void>;
  add(sb: TestSandbox, mailbox: string, ctx: SyncContext): Promise<void>;
  removeOne(ctx: SyncContext): Promise<void>;
  count(ctx: SyncContext): Promise<{ rows: number; distinct: number }>;
  /** Makes the sandbox forget the delta state (410 / syncStateNotFound / resyncRequired). */
  evict(sb: TestSandbox, mailbox: string, code?: string): Promise<void>;
  /** Replayed items and empty pages with a nextLink on every delta page. */
  replays(sb: TestSandbox, on: boolean): Promise<void>;
  /** The features the test user grants (default: Outlook mail and sending). */
  features?: string[];
  /**
   * Two-way resources: makes one CRM change that the write-back sends to Graph and returns how
   * many Graph writes the sandbox has seen for the mailbox (before and after are compared).
   */
  echo?: { change(env: MicrosoftTestEnv, user: ConnectedUser): Promise<void>; writes(sb: TestSandbox, mailbox: string): Promise<number> };
}

export const RESOURCES: ResourceUnderTest[] = [{
  name: 'mail',
  manifest: () => mailManifest({ maxPageSize: 10 }),
  subscriptionResource: '/me/messages',
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
  evict: async (sb, mailbox, code) => void (await control(sb, 'POST', '/control/mail/delta/evict', { mailbox, ...(code ? { code } : {}) })),
  replays: async (sb, on) => void (await control(sb, 'PUT', '/control/mail/delta/replays', { mode: on ? 'always' : 'off', emptyPages: on })),
}, {
  name: 'calendar',
  features: ['calendar'],
  manifest: () => calendarManifest({ maxPageSize: 10 }),
  subscriptionResource: '/me/events',
  // Single events well inside the synced window (a series would count its occurrences too).
  seed: async (sb, mailbox, n) => void (await control(sb, 'POST', `/control/calendar/${mailbox}/generate`, { events: n, series: 0, daysBack: 30, daysAhead: 200 })),
  add: async (sb, mailbox) => void (await outlookCreate(sb, mailbox, { subject: 'contract add', ...slot(5, 10) })),
  removeOne: async (ctx) => {
    const row = await ctx.db.selectFrom('calendar_events').select('graph_id').where('account_id', '=', ctx.account.id).orderBy('graph_id').executeTakeFirstOrThrow();
    await ctx.graph.request(ctx.account.id, { method: 'DELETE', path: `/me/events/${encodeURIComponent(row.graph_id)}` });
  },
  count: async (ctx) => {
    const r = await ctx.db.selectFrom('calendar_events').select((eb) => [eb.fn.countAll<number>().as('rows'), eb.fn.count<number>('graph_id').distinct().as('distinct')])
      .where('account_id', '=', ctx.account.id).executeTakeFirstOrThrow();
    return { rows: Number(r.rows), distinct: Number(r.distinct) };
  },
  evict: async (sb, mailbox, code) => void (await control(sb, 'POST', '/control/delta/evict', { resource: 'calendar', mailbox, ...(code ? { code } : {}) })),
  replays: async (sb, on) => void (await control(sb, 'PUT', '/control/delta/replays', { resource: 'calendar', mode: on ? 'always' : 'off', emptyPages: on })),
  echo: {
    // A CRM edit of a synced Outlook event: written once; its echo through delta changes nothing.
    async change(env, user) {
      const row = await env.database.db.selectFrom('calendar_events').select(['id', 'subject']).where('account_id', '=', user.accountId)
        .where('type', '=', 'singleInstance').orderBy('start_utc').executeTakeFirstOrThrow();
      const r = await user.api.request('PATCH', `/api/calendar/events/${row.id}`, { subject: `${row.subject ?? ''} (edited in the CRM)` });
      if (r.status !== 200) throw new Error(`edit answered ${r.status}: ${JSON.stringify(r.body)}`);
    },
    writes: (sb, mailbox) => writesOf(sb, mailbox),
  },
}, {
  name: 'contacts',
  features: ['contacts'],
  manifest: () => contactsManifest({ maxPageSize: 10 }),
  subscriptionResource: '/me/contacts',
  // Spread over the default folder and two child folders: three scopes.
  seed: async (sb, mailbox, n) => void (await control(sb, 'POST', `/control/contacts/${mailbox}/generate`, { contacts: n, folders: 3 })),
  add: async (sb, mailbox) => void (await outlookContactCreate(sb, mailbox, { givenName: 'Contract', surname: `Add ${Math.random().toString(36).slice(2, 8)}` })),
  removeOne: async (ctx) => {
    const row = await ctx.db.selectFrom('contacts_contacts').select('graph_id').where('account_id', '=', ctx.account.id).orderBy('graph_id').executeTakeFirstOrThrow();
    await ctx.graph.request(ctx.account.id, { method: 'DELETE', path: `/me/contacts/${encodeURIComponent(row.graph_id)}` });
  },
  count: async (ctx) => {
    const r = await ctx.db.selectFrom('contacts_contacts').select((eb) => [eb.fn.countAll<number>().as('rows'), eb.fn.count<number>('graph_id').distinct().as('distinct')])
      .where('account_id', '=', ctx.account.id).executeTakeFirstOrThrow();
    return { rows: Number(r.rows), distinct: Number(r.distinct) };
  },
  evict: async (sb, mailbox, code) => void (await control(sb, 'POST', '/control/delta/evict', { resource: 'contacts', mailbox, ...(code ? { code } : {}) })),
  replays: async (sb, on) => void (await control(sb, 'PUT', '/control/delta/replays', { resource: 'contacts', mode: on ? 'always' : 'off', emptyPages: on })),
  echo: {
    // A CRM edit of a person a contact created: written once; its echo through delta changes nothing.
    async change(env, user) {
      const link = await env.database.db.selectFrom('microsoft_links').select('record_id').where('account_id', '=', user.accountId).where('resource', '=', 'contacts')
        .orderBy('graph_id').executeTakeFirstOrThrow();
      const r = await user.api.request('PATCH', `/api/people/${link.record_id}`, { jobTitle: 'Edited in the CRM' });
      if (r.status !== 200) throw new Error(`edit answered ${r.status}: ${JSON.stringify(r.body)}`);
    },
    writes: (sb) => contactWrites(sb),
  },
}, {
  name: 'todo',
  features: ['todo'],
  manifest: () => todoManifest({ maxPageSize: 10 }),
  // The Tandem list's tasks.
  subscriptionResource: /^\/me\/todo\/lists\/[^/]+\/tasks$/i,
  seed: async (sb, mailbox, n) => void (await control(sb, 'POST', `/control/todo/${mailbox}/generate`, { tasks: n, lists: 1 })),
  add: async (sb, mailbox) => void (await control(sb, 'POST', `/control/todo/${mailbox}/tasks`, { title: 'contract add' })),
  removeOne: async (ctx) => {
    const row = await ctx.db.selectFrom('todo_items').select(['graph_id', 'list_graph_id']).where('account_id', '=', ctx.account.id).orderBy('graph_id').executeTakeFirstOrThrow();
    await ctx.graph.request(ctx.account.id, { method: 'DELETE', path: `/me/todo/lists/${encodeURIComponent(row.list_graph_id)}/tasks/${encodeURIComponent(row.graph_id)}` });
  },
  count: async (ctx) => {
    const r = await ctx.db.selectFrom('todo_items').select((eb) => [eb.fn.countAll<number>().as('rows'), eb.fn.count<number>('graph_id').distinct().as('distinct')])
      .where('account_id', '=', ctx.account.id).where('removed_at', 'is', null).executeTakeFirstOrThrow();
    return { rows: Number(r.rows), distinct: Number(r.distinct) };
  },
  evict: async (sb, mailbox, code) => void (await control(sb, 'POST', '/control/delta/evict', { resource: 'todo', mailbox, ...(code ? { code } : {}) })),
  replays: async (sb, on) => void (await control(sb, 'PUT', '/control/delta/replays', { resource: 'todo', mode: on ? 'always' : 'off', emptyPages: on })),
  echo: {
    // A CRM task opted in: created once in To Do; its echo through delta changes nothing and sends nothing.
    async change(_env, user) {
      const r = await user.api.request('POST', '/api/tasks', { title: 'contract echo', syncToDo: true });
      if (r.status !== 201) throw new Error(`create answered ${r.status}: ${JSON.stringify(r.body)}`);
    },
    writes: async (sb) => {
      const stats = await control<{ callsByEndpoint: Record<string, number> }>(sb, 'GET', '/control/mail/stats');
      return Object.entries(stats.callsByEndpoint).filter(([k]) => /^(POST|PATCH|DELETE) \/me\/todo\/lists\/[^ ]*tasks/.test(k)).reduce((n, [, v]) => n + v, 0);
    },
  },
}, {
  // Tandem syncs only the drive items CRM records link to: seeding adds files and links them
  // (unconfirmed), and a row counts once the drive's delta has confirmed it present.
  name: 'files',
  features: ['onedrive'],
  manifest: () => filesManifest({ pageSize: 10 }),
  subscriptionResource: '/me/drive/root',
  seed: (sb, mailbox, n, ctx) => driveContractLinks.seed(sb, mailbox, n, ctx),
  add: (sb, mailbox, ctx) => driveContractLinks.add(sb, mailbox, ctx),
  removeOne: async (ctx) => {
    const row = await ctx.db.selectFrom('file_links').select(['drive_id', 'item_id']).where('account_id', '=', ctx.account.id).where('state', '=', 'present')
      .where('etag', 'is not', null).orderBy('item_id').executeTakeFirstOrThrow();
    await ctx.graph.request(ctx.account.id, { method: 'DELETE', path: `/drives/${encodeURIComponent(row.drive_id)}/items/${encodeURIComponent(row.item_id)}` });
  },
  count: async (ctx) => {
    const r = await ctx.db.selectFrom('file_links').select((eb) => [eb.fn.countAll<number>().as('rows'), eb.fn.count<number>('item_id').distinct().as('distinct')])
      .where('account_id', '=', ctx.account.id).where('state', '=', 'present').where('etag', 'is not', null).executeTakeFirstOrThrow();
    return { rows: Number(r.rows), distinct: Number(r.distinct) };
  },
  // The drive's 410s carry OneDrive's own codes; the suite's Outlook-style names map onto them.
  evict: async (sb, mailbox, code) => void (await control(sb, 'POST', `/control/files/${mailbox}/delta/evict`, { code: code === 'resyncRequired' ? 'resyncRequired' : code ? 'resyncChangesUploadDifferences' : 'resyncChangesApplyDifferences' })),
  replays: async (sb, on) => void (await control(sb, 'PUT', '/control/delta/replays', { resource: 'drive', mode: on ? 'always' : 'off', emptyPages: on })),
}];

const watches = (r: ResourceUnderTest, resource: string) =>
  typeof r.subscriptionResource === 'string' ? resource.toLowerCase() === r.subscriptionResource.toLowerCase() : r.subscriptionResource.test(resource);

let sandbox: TestSandbox;
before(async () => {
  sandbox = await startTestSandbox({ notificationDelayMs: 0 });
});
after(() => sandbox.close());

const contextOf = async (env: MicrosoftTestEnv, user: ConnectedUser): Promise<SyncContext> => {
  const account = (await env.integration.accounts.byId(user.accountId))!;
  return { db: env.database.db, graph: env.integration.graph, account: { id: account.id, userId: account.userId, workspaceId: account.workspaceId } };
};

for (const r of RESOURCES) for (const kind of DB_KINDS) {
  describe(`sync contract: ${r.name} (${kind})`, () => {
    test('initial round with progress, incremental, removal, expired cursor, crash mid-round, replays and empty pages', async () => {
      const { env } = await startSyncEnv(sandbox, kind);
      try {
        const user = await connectUser(env, sandbox, 0, r.features);
        // The runner is driven directly here: stop the integration's own jobs from touching this account.
        await env.queue.stop();
        const ctx = await contextOf(env, user);
        const resource = r.manifest().sync;
        const all = async () => {
          const scopes: SyncScope[] = await resource.listScopes(ctx);
          for (const sc of scopes) await syncScope(ctx, resource, sc);
          return scopes;
        };

        await r.seed(sandbox, user.mailboxId, 95, ctx);
        const base = (await r.count(ctx)).rows;
        await r.evict(sandbox, user.mailboxId);
        const progress: number[] = [];
        for (const sc of await resource.listScopes(ctx)) {
          await syncScope(ctx, resource, sc, { onProgress: () => void progress.push(1) });
        }
        assert.deepEqual(await r.count(ctx), { rows: base + 95, distinct: base + 95 }, 'initial round');
        assert.ok(progress.length >= 10, `progress reported per page (${progress.length})`);
        const states = await ctx.db.selectFrom('microsoft_sync_states').select(['phase', 'items_synced']).where('account_id', '=', ctx.account.id).where('resource', '=', r.name).execute();
        assert.ok(states.every((s) => s.phase === 'live'), 'every scope live after the initial round');
        assert.ok(states.reduce((n, s) => n + s.items_synced, 0) >= 95, 'items counted for the progress bar');

        await r.add(sandbox, user.mailboxId, ctx);
        await all();
        assert.deepEqual(await r.count(ctx), { rows: base + 96, distinct: base + 96 }, 'incremental round');

        await r.removeOne(ctx);
        await all();
        assert.deepEqual(await r.count(ctx), { rows: base + 95, distinct: base + 95 }, 'removal');

        // Expired cursor: reset, full round, no duplicates; an item removed meanwhile is swept.
        await r.removeOne(ctx);
        await r.evict(sandbox, user.mailboxId, 'resyncRequired');
        await all();
        assert.deepEqual(await r.count(ctx), { rows: base + 94, distinct: base + 94 }, 'reset after an expired cursor');

        // Crash after a few committed pages of a full round: the next run resumes from the saved cursor.
        await r.evict(sandbox, user.mailboxId, 'syncStateNotFound');
        const scopes = await resource.listScopes(ctx);
        const big = scopes.reduce((a, b) => ((a.totalItems ?? 0) >= (b.totalItems ?? 0) ? a : b));
        let pages = 0;
        await assert.rejects(syncScope(ctx, resource, big, { onPage: () => {
          if (++pages === 2) throw new Error('crash');
        } }));
        const saved = await ctx.db.selectFrom('microsoft_sync_states').select('next_link').where('account_id', '=', ctx.account.id).where('scope_key', '=', big.key).executeTakeFirstOrThrow();
        assert.ok(saved.next_link, 'cursor saved mid-round');
        for (const sc of scopes) await syncScope(ctx, resource, sc);
        assert.deepEqual(await r.count(ctx), { rows: base + 94, distinct: base + 94 }, 'resume after a crash');

        // Replays: pages that repeat items and empty pages with a nextLink are harmless.
        await r.replays(sandbox, true);
        try {
          await r.add(sandbox, user.mailboxId, ctx);
          await r.evict(sandbox, user.mailboxId);
          await all();
          assert.deepEqual(await r.count(ctx), { rows: base + 95, distinct: base + 95 }, 'replayed items');
        } finally {
          await r.replays(sandbox, false);
        }
      } finally {
        await env.close();
      }
    });

    test('a forged notification changes nothing; disconnect leaves no row and no subscription', async () => {
      const { env } = await startSyncEnv(sandbox, kind);
      try {
        const user = await connectUser(env, sandbox, 0, r.features);
        const ctx = await contextOf(env, user);
        await r.seed(sandbox, user.mailboxId, 12, ctx);
        // Seeding is no change notification: a sweep brings the items in.
        await env.queue.enqueue('microsoft.sync', { accountId: user.accountId, resource: r.name, all: true, list: true }, { key: `contract-seed:${user.accountId}` });
        await waitFor(async () => (await r.count(ctx)).rows >= 12, { timeoutMs: 20_000, message: 'seeded items never synced' });
        const db = env.database.db;
        const sub = await db.selectFrom('microsoft_subscriptions').selectAll().where('account_id', '=', user.accountId).where('resource_kind', '=', r.name).executeTakeFirstOrThrow();
        const before = await r.count(ctx);
        const forged = await fetch(`${env.url}/webhooks/microsoft`, {
          method: 'POST', headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ value: [{ subscriptionId: sub.graph_id, clientState: 'guess', changeType: 'deleted', resourceData: { id: 'forged-1' } }] }),
        });
        assert.equal(forged.status, 202);
        const rejected = await db.selectFrom('microsoft_counters').select('value').where('account_id', '=', user.accountId).where('name', '=', `notifications_rejected:${r.name}`).executeTakeFirst();
        assert.equal(rejected?.value, 1, 'counted as rejected for its resource');
        assert.equal((await db.selectFrom('microsoft_pending_changes').selectAll().where('item_id', '=', 'forged-1').execute()).length, 0);
        assert.deepEqual(await r.count(ctx), before);

        if (r.echo) {
          // Tandem's own change comes back through delta and changes nothing: one write, no loop.
          const writes = await r.echo.writes(sandbox, user.mailboxId);
          await r.echo.change(env, user);
          await waitFor(async () => (await r.echo!.writes(sandbox, user.mailboxId)) > writes, { timeoutMs: 20_000, message: 'the change never reached Graph' });
          await env.queue.enqueue('microsoft.sync', { accountId: user.accountId, resource: r.name, all: true }, { key: `contract-echo:${user.accountId}` });
          await waitFor(async () => !(await db.selectFrom('microsoft_outbox').select('id').where('account_id', '=', user.accountId).executeTakeFirst()), { message: 'outbox never drained' });
          assert.equal(await r.echo.writes(sandbox, user.mailboxId), writes + 1, 'exactly one write, no echo loop');
        }

        assert.equal((await user.api.request('POST', '/api/microsoft/disconnect')).status, 202);
        await waitFor(async () => !(await env.integration.accounts.byId(user.accountId)), { timeoutMs: 15_000, message: 'account never deleted' });
        assert.deepEqual(await r.count(ctx), { rows: 0, distinct: 0 });
        for (const table of ['microsoft_sync_states', 'microsoft_pending_changes', 'microsoft_subscriptions', 'microsoft_links', 'microsoft_outbox'] as const) {
          assert.equal((await db.selectFrom(table).selectAll().where('account_id', '=', user.accountId).execute()).length, 0, table);
        }
        await waitFor(async () => !(await subscriptionsOf(sandbox, user.mailboxId)).some((s) => watches(r, s.resource)),
          { timeoutMs: 15_000, message: `${r.name} subscription left at Microsoft` });
      } finally {
        await env.close();
      }
    });
  });
}
