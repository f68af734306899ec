/** The calendar's subscription and disconnect, against the real sandbox on both databases. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DB_KINDS } from '../helpers/db.js';
import { control, startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { waitFor } from '../helpers/wait.js';
import { calendarTenant, connectCalendar, iso, joinWorkspace, outlookCreate, outlookEvents, participantsOf, rowsByUid, slot } from './calendarHelpers.js';
import { startSyncEnv, subscriptionsOf } from './syncHelpers.js';

let sandbox: TestSandbox;
before(async () => {
  sandbox = await startTestSandbox({ notificationDelayMs: 0 });
});
after(() => sandbox.close());

const eventsSub = async (mailbox: string) => (await subscriptionsOf(sandbox, mailbox)).find((s) => s.resource.toLowerCase() === '/me/events');

for (const kind of DB_KINDS) {
  describe(`calendar lifecycle (${kind})`, () => {
    test('a /me/events subscription deleted at Graph without notice is recreated within one catch-up interval, and what it missed arrives', async () => {
      const CATCH_UP_MS = 2_000;
      const { env, sync } = await startSyncEnv(sandbox, kind);
      try {
        const [ann] = await calendarTenant(sandbox, ['ann']);
        const user = await connectCalendar(env, sandbox, ann!);
        Object.assign(sync.settings, { tickMs: 250, pollMs: 3_600_000, catchUpMs: CATCH_UP_MS, subscribeRetryMs: 500, subscribeRetryMaxMs: 500 });
        const old = await waitFor(() => eventsSub(ann!.id), { message: 'never subscribed to /me/events' });
        await control(sandbox, 'POST', `/control/notifications/subscriptions/${old.id}/expire`);
        const gone = Date.now();
        const missed = await outlookCreate(sandbox, ann!.id, { subject: 'Made while nobody listened', ...slot(2, 9) });
        const fresh = await waitFor(async () => {
          const s = await eventsSub(ann!.id);
          return s && s.id !== old.id ? s : undefined;
        }, { timeoutMs: 3 * CATCH_UP_MS, message: 'the calendar subscription was never recreated' });
        assert.ok(Date.now() - gone <= CATCH_UP_MS + 1_500, `recreated after ${Date.now() - gone} ms`);
        assert.ok(fresh.id);
        await waitFor(async () => (await rowsByUid(env, missed.iCalUId)).length === 1, { timeoutMs: 3 * CATCH_UP_MS, message: 'the event made meanwhile never arrived' });
        const health = (await user.api.request('GET', '/api/microsoft')).body.health.resources.find((r: { resource: string }) => r.resource === 'calendar');
        assert.equal(health?.mode, 'push');
      } finally {
        await env.close();
      }
    });

    test('disconnect deletes synced events, the activities only they made and the subscription; CRM meetings stay, no longer linked; Outlook is untouched', async () => {
      const { env } = await startSyncEnv(sandbox, kind);
      try {
        const [ann, bob] = await calendarTenant(sandbox, ['ann', 'bob']);
        const annApi = env.client();
        await annApi.signup();
        const bobApi = env.client();
        await bobApi.signup();
        await joinWorkspace(annApi, bobApi);
        const carla = (await annApi.request('POST', '/api/people', { name: 'Carla', emails: ['carla@client.test'] })).body;
        const bobP = (await annApi.request('POST', '/api/people', { name: 'Bob', emails: [bob!.upn] })).body;
        const own = await outlookCreate(sandbox, ann!.id, { subject: 'Only Ann', ...slot(1, 9), attendees: [{ emailAddress: { address: 'carla@client.test' }, type: 'required' }] });
        const shared = await outlookCreate(sandbox, ann!.id, { subject: 'Shared', ...slot(1, 11), attendees: [{ emailAddress: { address: bob!.upn }, type: 'required' }] });
        const a = await connectCalendar(env, sandbox, ann!, { api: annApi });
        const b = await connectCalendar(env, sandbox, bob!, { api: bobApi });
        const db = env.database.db;
        await waitFor(async () => (await rowsByUid(env, shared.iCalUId)).filter((r) => r.activity_id).length === 2, { message: 'the shared meeting never synced for both' });
        const ownActivity = (await rowsByUid(env, own.iCalUId))[0]!.activity_id!;
        const sharedActivity = (await rowsByUid(env, shared.iCalUId))[0]!.activity_id!;
        const crm = await annApi.request('POST', '/api/calendar/events', { subject: 'From the CRM', start: iso(3, 9), end: iso(3, 10), attendeePersonIds: [carla.id] });
        assert.equal(crm.status, 201);
        await waitFor(async () => (await db.selectFrom('meetings').select('linked').where('activity_id', '=', crm.body.id).executeTakeFirst())?.linked === 1, { message: 'never linked' });
        const inOutlook = (await outlookEvents(sandbox, ann!.id)).length;
        assert.ok(await eventsSub(ann!.id));

        assert.equal((await annApi.request('POST', '/api/microsoft/disconnect')).status, 202);
        await waitFor(async () => !(await env.integration.accounts.byId(a.accountId)), { timeoutMs: 15_000, message: 'account never deleted' });
        assert.equal((await db.selectFrom('calendar_events').select('id').where('account_id', '=', a.accountId).execute()).length, 0, 'synced events deleted');
        assert.equal((await db.selectFrom('calendar_calendars').select('graph_id').where('account_id', '=', a.accountId).execute()).length, 0);
        assert.equal(await db.selectFrom('activities').select('id').where('id', '=', ownActivity).executeTakeFirst(), undefined, 'an activity only Ann’s copy made is gone');
        assert.ok(await db.selectFrom('activities').select('id').where('id', '=', sharedActivity).executeTakeFirst(), 'Bob’s copy keeps the shared meeting');
        assert.deepEqual(await participantsOf(env, sharedActivity), [bobP.id], 'with the participants Bob’s copy names');
        const kept = await db.selectFrom('meetings').select(['linked']).where('activity_id', '=', crm.body.id).executeTakeFirstOrThrow();
        assert.equal(kept.linked, 0, 'the CRM meeting stays, no longer linked');
        const listed = await annApi.request('GET', `/api/calendar/events?start=${iso(2)}&end=${iso(4)}`);
        assert.equal(listed.body.items.find((e: { id: string }) => e.id === crm.body.id)?.linkedToOutlook, false);
        for (const table of ['microsoft_links', 'microsoft_outbox', 'microsoft_sync_states', 'microsoft_subscriptions'] as const) {
          assert.equal((await db.selectFrom(table).selectAll().where('account_id', '=', a.accountId).execute()).length, 0, table);
        }
        await waitFor(async () => !(await eventsSub(ann!.id)), { timeoutMs: 15_000, message: 'the /me/events subscription was left at Microsoft' });
        assert.equal((await outlookEvents(sandbox, ann!.id)).length, inOutlook, 'Outlook itself is untouched');
        assert.ok(await eventsSub(bob!.id), 'Bob’s subscription stays');
        void b;
      } finally {
        await env.close();
      }
    });
  });
}
