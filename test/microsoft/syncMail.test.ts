import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
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

for (const kind of DB_KINDS) {
  describe(`mail sync end to end (${kind})`, () => {
    test('initial sync, subscription, push of new mail with an SSE event, two users isolated', async () => {
      const { env } = await startSyncEnv(sandbox, kind);
      try {
        const ann = await connectUser(env, sandbox, 40);
        const bob = await connectUser(env, sandbox, 25);
        assert.equal(await emailCount(env, ann.accountId), 40);
        assert.equal(await emailCount(env, bob.accountId), 25);
        const subs = await waitFor(async () => ((await subscriptionsOf(sandbox, ann.mailboxId)).length ? subscriptionsOf(sandbox, ann.mailboxId) : undefined));
        assert.equal(subs.length, 1);
        const row = await env.database.db.selectFrom('microsoft_subscriptions').selectAll().where('account_id', '=', ann.accountId).executeTakeFirstOrThrow();
        assert.equal(row.graph_id, subs[0]!.id);
        assert.equal(new Date(row.expires_at!).getTime(), new Date(subs[0]!.expirationDateTime).getTime());
        assert.ok(!row.sealed_client_state.includes(subs[0]!.id));

        const annEvents = await openEventStream(ann.api);
        const bobEvents = await openEventStream(bob.api);
        const id = await deliver(sandbox, ann.mailboxId, 'Push me');
        await control(sandbox, 'POST', '/control/notifications/flush');
        const stored = await waitFor(async () => {
          const rows = await env.database.db.selectFrom('emails').selectAll().where('account_id', '=', ann.accountId).where('subject', '=', 'Push me').execute();
          return rows.length ? rows : undefined;
        }, { message: 'pushed mail never stored' });
        assert.equal(stored.length, 1);
        // The event speaks Tandem's ids, as the REST API does: the message id and its folder's id.
        const listed = (await ann.api.request('GET', '/api/mail/messages?limit=200')).body.items as Array<{ id: string; subject: string; folderId: string }>;
        const pushed = listed.find((m) => m.subject === 'Push me')!;
        assert.equal(pushed.id, stored[0]!.id);
        const ev = await annEvents.waitForEvent((e) => e.type === 'mail.changed' && ((e.data as { ids?: string[] }).ids ?? []).includes(pushed.id), 10_000);
        const data = ev.data as { ids: string[]; folderIds: string[] };
        assert.ok(!data.ids.includes(stored[0]!.graph_id));
        const folders = (await ann.api.request('GET', '/api/mail/folders')).body.items as Array<{ id: string }>;
        assert.deepEqual(data.folderIds, [pushed.folderId]);
        assert.ok(folders.some((f) => f.id === pushed.folderId));

        // A message deleted in Outlook: the event names the Tandem id the list had.
        await env.integration.graph.request(ann.accountId, { method: 'DELETE', path: `/me/messages/${encodeURIComponent(stored[0]!.graph_id)}` });
        await control(sandbox, 'POST', '/control/notifications/flush');
        await annEvents.waitForEvent((e) => e.type === 'mail.changed' && ((e.data as { ids?: string[] }).ids ?? []).includes(pushed.id) && e !== ev, 10_000);
        await waitFor(async () => (await emailCount(env, ann.accountId)) === 40, { message: 'deleted mail still stored' });
        await deliver(sandbox, ann.mailboxId, 'Push me again');
        await control(sandbox, 'POST', '/control/notifications/flush');
        assert.equal(stored[0]!.user_id, ann.api.user!.id);
        assert.ok(id);
        await waitFor(async () => (await emailCount(env, ann.accountId)) === 41, { message: 'second pushed mail never stored' });
        assert.equal(await emailCount(env, bob.accountId), 25);
        assert.equal(bobEvents.events.filter((e) => e.type === 'mail.changed').length, 0);
        annEvents.close();
        bobEvents.close();

        const view = await ann.api.request('GET', '/api/microsoft');
        const health = view.body.health.resources[0];
        assert.equal(health.state, 'live');
        assert.ok(health.notificationsReceived >= 1);
        assert.ok(health.subscriptionExpiresAt);
      } finally {
        await env.close();
      }
    });
  });
}
