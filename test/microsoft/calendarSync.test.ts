/**
 * The Outlook calendar end to end: real Tandem against the real sandbox over HTTP. Initial sync into
 * meeting activities, Outlook changes by notification, CRM meetings written to Outlook (transactionId,
 * no duplicate after a crash, no re-invitation, 412 merged), shared meetings, Teams, disconnect.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { syncEngineOf } from '../../src/app/microsoft/sync/install.js';
import { runSync } from '../../src/app/microsoft/sync/syncJob.js';
import { runWriteBack } from '../../src/app/microsoft/sync/writeBackJob.js';
import { DB_KINDS } from '../helpers/db.js';
import type { MicrosoftTestEnv } from '../helpers/microsoft.js';
import { control, startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { waitFor } from '../helpers/wait.js';
import {
  calendarStats, calendarTenant, connectCalendar, iso, joinWorkspace, outlookCreate, outlookEvents, outlookPatch, participantsOf, rowsByUid, slot, writesOf,
} from './calendarHelpers.js';
import { startSyncEnv, subscriptionsOf } from './syncHelpers.js';

let sandbox: TestSandbox;
before(async () => {
  sandbox = await startTestSandbox({ notificationDelayMs: 0 });
});
after(() => sandbox.close());

const outboxEmpty = async (env: MicrosoftTestEnv, accountId: string) =>
  !(await env.database.db.selectFrom('microsoft_outbox').select('id').where('account_id', '=', accountId).where('state', '=', 'pending').executeTakeFirst());

const activityOf = async (env: MicrosoftTestEnv, uid: string) => (await rowsByUid(env, uid)).find((r) => r.activity_id)?.activity_id ?? undefined;

for (const kind of DB_KINDS) {
  describe(`Outlook calendar end to end (${kind})`, () => {
    let env: MicrosoftTestEnv;
    before(async () => {
      ({ env } = await startSyncEnv(sandbox, kind));
    });
    after(() => env?.close());

    test('initial sync: meeting activities on the participants’ timelines, nothing written to Outlook; an Outlook change arrives by notification', async () => {
      const [ann] = await calendarTenant(sandbox, ['ann']);
      const api = env.client();
      await api.signup();
      const client = (await api.request('POST', '/api/people', { name: 'Carla Client', emails: ['carla@client.test'] })).body;
      const made = await outlookCreate(sandbox, ann!.id, {
        subject: 'Quarterly review', ...slot(3, 10), location: { displayName: 'Room 4' },
        attendees: [{ emailAddress: { address: 'carla@client.test', name: 'Carla' }, type: 'required' }],
      });
      await control(sandbox, 'POST', '/control/calendar/' + ann!.id + '/generate', { events: 30, series: 2 });
      const writes = await writesOf(sandbox, ann!.id);

      const user = await connectCalendar(env, sandbox, ann!, { api });
      const activityId = await waitFor(() => activityOf(env, made.iCalUId), { message: 'no activity for the Outlook meeting' });
      const timeline = await api.request('GET', `/api/people/${client.id}/timeline`);
      const item = timeline.body.items.find((a: { id: string }) => a.id === activityId);
      assert.ok(item, 'the meeting is on the attendee’s timeline');
      assert.equal(item.kind, 'meeting');
      assert.equal(item.title, 'Quarterly review');
      const listed = await api.request('GET', `/api/calendar/events?start=${iso(-1)}&end=${iso(30)}`);
      assert.ok(listed.body.items.some((e: { subject: string; location: string }) => e.subject === 'Quarterly review' && e.location === 'Room 4'));
      assert.equal(await writesOf(sandbox, ann!.id), writes, 'the first sync wrote nothing to Outlook');
      assert.ok((await subscriptionsOf(sandbox, ann!.id)).some((s) => s.resource.toLowerCase() === '/me/events'), 'subscribed to /me/events');

      // Changed "in Outlook": the notification brings it, no sweep needed.
      await outlookPatch(sandbox, ann!.id, made.id, { subject: 'Quarterly review (moved)', ...slot(4, 11) });
      await waitFor(async () => (await env.database.db.selectFrom('activities').select('title').where('id', '=', activityId).executeTakeFirst())?.title === 'Quarterly review (moved)',
        { message: 'the Outlook change never reached the activity' });
      const act = await env.database.db.selectFrom('activities').select('occurred_at').where('id', '=', activityId).executeTakeFirstOrThrow();
      assert.equal(new Date(act.occurred_at).toISOString(), iso(4, 11));
      void user;
    });

    test('a meeting made through the REST API lands in Outlook with a transactionId; an edit without attendees re-invites nobody; its echo changes nothing', async () => {
      const [ann] = await calendarTenant(sandbox, ['ann']);
      const user = await connectCalendar(env, sandbox, ann!);
      const carla = (await user.api.request('POST', '/api/people', { name: 'Carla Client', emails: ['carla@client.test'] })).body;
      const stats0 = await calendarStats(sandbox);
      const created = await user.api.request('POST', '/api/calendar/events', {
        subject: 'Scoping call', start: iso(5, 14), end: iso(5, 15), attendeePersonIds: [carla.id], location: 'Phone', notes: 'agenda', personId: carla.id,
      });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const id = created.body.id as string;
      const inOutlook = await waitFor(async () => (await outlookEvents(sandbox, ann!.id)).find((e) => e.subject === 'Scoping call'), { message: 'never created in Outlook' });
      const entryKey = await waitFor(async () => (await env.database.db.selectFrom('meetings').select(['linked', 'calendar_uid']).where('activity_id', '=', id).executeTakeFirst())?.linked === 1, { message: 'never linked' });
      void entryKey;
      assert.ok(inOutlook.transactionId, 'created with a transactionId');
      assert.equal(inOutlook.attendees.length, 1);
      const stats1 = await calendarStats(sandbox);
      assert.equal(stats1.invitationsSent - stats0.invitationsSent, 1, 'one invitation for the create');
      const meeting = await env.database.db.selectFrom('meetings').selectAll().where('activity_id', '=', id).executeTakeFirstOrThrow();
      assert.equal(meeting.calendar_uid, inOutlook.iCalUId);

      // The echo of the create: a full sweep over the calendar adds no second activity and writes nothing.
      const writes = await writesOf(sandbox, ann!.id);
      await runSync(syncEngineOf(env.integration)!, { accountId: user.accountId, resource: 'calendar', all: true });
      assert.equal((await rowsByUid(env, inOutlook.iCalUId)).length, 1, 'one copy stored');
      const acts = await env.database.db.selectFrom('activities').select('id').where('workspace_id', '=', user.workspaceId).where('kind', '=', 'meeting').execute();
      assert.deepEqual(acts.map((a) => a.id), [id], 'one activity: the CRM meeting');

      // An edit that does not touch attendees: no attendees in the PATCH, so no new invitation.
      const edited = await user.api.request('PATCH', `/api/calendar/events/${id}`, { subject: 'Scoping call (agenda)', location: 'Teams room' });
      assert.equal(edited.status, 200, JSON.stringify(edited.body));
      assert.equal(edited.body.subject, 'Scoping call (agenda)');
      await waitFor(async () => (await outlookEvents(sandbox, ann!.id)).some((e) => e.subject === 'Scoping call (agenda)' && e.location?.displayName === 'Teams room'), { message: 'the edit never reached Outlook' });
      await waitFor(() => outboxEmpty(env, user.accountId));
      const stats2 = await calendarStats(sandbox);
      assert.equal(stats2.invitationsSent, stats1.invitationsSent, 'no invitation for an edit without attendees');
      assert.equal((stats2.writesByMailbox[ann!.id] ?? 0) - writes, 1, 'one write for one edit');

      // Its echo comes back by notification and is recognised: no write, nothing changes.
      await runSync(syncEngineOf(env.integration)!, { accountId: user.accountId, resource: 'calendar', all: true });
      assert.equal(await writesOf(sandbox, ann!.id), writes + 1, 'the echo wrote nothing');
      const still = await env.database.db.selectFrom('activities').select('title').where('id', '=', id).executeTakeFirstOrThrow();
      assert.equal(still.title, 'Scoping call (agenda)');

      // PATCH personId re-files the meeting in the CRM only (nothing goes to Outlook).
      const dave = (await user.api.request('POST', '/api/people', { name: 'Dave', emails: ['dave@client.test'] })).body;
      const refiled = await user.api.request('PATCH', `/api/calendar/events/${id}`, { personId: dave.id });
      assert.equal(refiled.status, 200, JSON.stringify(refiled.body));
      assert.ok((await participantsOf(env, id)).includes(dave.id), 'on the new person’s timeline');
      assert.equal((await env.database.db.selectFrom('activities').select('person_id').where('id', '=', id).executeTakeFirstOrThrow()).person_id, dave.id);
      assert.equal(await writesOf(sandbox, ann!.id), writes + 1, 're-filing wrote nothing to Outlook');
    });

    test('a create retried after a crash between Graph’s answer and the commit gives no duplicate', async () => {
      const [ann] = await calendarTenant(sandbox, ['ann']);
      const user = await connectCalendar(env, sandbox, ann!);
      const wb = syncEngineOf(env.integration)!.manifests.get('calendar')!.writeBack!;
      const applied = wb.applied!;
      let failed = 0;
      // The transaction that records Graph's answer fails once, as a crash would lose it.
      wb.applied = async (...args) => {
        if (failed++ === 0) throw new Error('commit failed');
        return applied(...args);
      };
      try {
        const replays0 = (await calendarStats(sandbox)).transactionReplays;
        const created = await user.api.request('POST', '/api/calendar/events', { subject: 'Crash test', start: iso(6, 9), end: iso(6, 10) });
        assert.equal(created.status, 201);
        await waitFor(async () => !(await env.database.db.selectFrom('microsoft_outbox').select('id').where('record_id', '=', created.body.id).executeTakeFirst()),
          { timeoutMs: 20_000, message: 'the retried create never went through' });
        assert.ok(await env.database.db.selectFrom('microsoft_links').select('graph_id').where('record_id', '=', created.body.id).executeTakeFirst(), 'the link was recorded');
        assert.ok(failed >= 2, 'the write was retried');
        const copies = (await outlookEvents(sandbox, ann!.id)).filter((e) => e.subject === 'Crash test');
        assert.equal(copies.length, 1, 'one event in Outlook');
        assert.ok((await calendarStats(sandbox)).transactionReplays > replays0, 'the retry was answered from the transactionId');
      } finally {
        wb.applied = applied;
      }
    });

    test('a create that comes back through delta before Graph’s answer is recorded maps onto the CRM meeting, never a second activity', async () => {
      const [ann] = await calendarTenant(sandbox, ['ann']);
      const user = await connectCalendar(env, sandbox, ann!);
      const engine = syncEngineOf(env.integration)!;
      const wb = engine.manifests.get('calendar')!.writeBack!;
      const send = wb.send;
      const synced: number[] = [];
      // Between Graph's answer and the write-back's commit, a delta round reads the new event.
      wb.send = async (ctx, entry, link) => {
        const result = await send(ctx, entry, link);
        if (entry.op === 'create') {
          await runSync(engine, { accountId: user.accountId, resource: 'calendar', all: true });
          synced.push(Number((await env.database.db.selectFrom('activities').select((eb) => eb.fn.countAll<number>().as('n'))
            .where('workspace_id', '=', user.workspaceId).where('source_type', '=', 'outlook-event').executeTakeFirstOrThrow()).n));
        }
        return result;
      };
      try {
        const created = await user.api.request('POST', '/api/calendar/events', { subject: 'Early echo', start: iso(8, 9), end: iso(8, 10) });
        assert.equal(created.status, 201);
        await waitFor(async () => !(await env.database.db.selectFrom('microsoft_outbox').select('id').where('record_id', '=', created.body.id).executeTakeFirst()), { message: 'the create never went through' });
        assert.deepEqual(synced, [0], 'the delta round made no synced activity for the CRM meeting');
        const uid = (await env.database.db.selectFrom('meetings').select('calendar_uid').where('activity_id', '=', created.body.id).executeTakeFirstOrThrow()).calendar_uid!;
        const rows = await rowsByUid(env, uid);
        assert.equal(rows.length, 1);
        assert.equal(rows[0]!.activity_id, created.body.id);
      } finally {
        wb.send = send;
      }
    });

    test('two connected users’ copies of one meeting in one workspace are one activity with both as participants', async () => {
      const [ann, bob] = await calendarTenant(sandbox, ['ann', 'bob']);
      const annApi = env.client();
      await annApi.signup();
      const bobApi = env.client();
      await bobApi.signup();
      await joinWorkspace(annApi, bobApi);
      const annP = (await annApi.request('POST', '/api/people', { name: 'Ann', emails: [ann!.upn] })).body;
      const bobP = (await annApi.request('POST', '/api/people', { name: 'Bob', emails: [bob!.upn] })).body;
      const a = await connectCalendar(env, sandbox, ann!, { api: annApi });
      const b = await connectCalendar(env, sandbox, bob!, { api: bobApi });
      assert.equal(a.workspaceId, b.workspaceId);
      const made = await outlookCreate(sandbox, ann!.id, { subject: 'Pairing', ...slot(2, 13), attendees: [{ emailAddress: { address: bob!.upn }, type: 'required' }] });
      await waitFor(async () => (await rowsByUid(env, made.iCalUId)).filter((r) => r.activity_id).length === 2, { message: 'both copies never synced' });
      const rows = await rowsByUid(env, made.iCalUId);
      assert.equal(new Set(rows.map((r) => r.account_id)).size, 2, 'one copy per account');
      assert.equal(new Set(rows.map((r) => r.activity_id)).size, 1, 'one activity');
      assert.deepEqual(await participantsOf(env, rows[0]!.activity_id!), [annP.id, bobP.id].sort());
    });

    test('a DST boundary: a Berlin series across the change keeps 09:00 wall time; a CRM meeting in Berlin is 09:00 in Outlook', async () => {
      const [ann] = await calendarTenant(sandbox, ['ann']);
      const user = await connectCalendar(env, sandbox, ann!);
      // EU summer time starts on 2027-03-28: 09:00 Berlin is 08:00Z before and 07:00Z after.
      const series = await outlookCreate(sandbox, ann!.id, {
        subject: 'Berlin weekly', start: { dateTime: '2027-03-15T09:00:00', timeZone: 'W. Europe Standard Time' }, end: { dateTime: '2027-03-15T09:30:00', timeZone: 'W. Europe Standard Time' },
        recurrence: { pattern: { type: 'weekly', interval: 1, daysOfWeek: ['monday'] }, range: { type: 'numbered', startDate: '2027-03-15', numberOfOccurrences: 4 } },
      });
      const starts = await waitFor(async () => {
        const rows = await env.database.db.selectFrom('calendar_events').select('start_utc').where('account_id', '=', user.accountId).where('series_master_graph_id', '=', series.id).orderBy('start_utc').execute();
        return rows.length === 4 ? rows.map((r) => r.start_utc) : undefined;
      }, { message: 'the series never synced' });
      assert.deepEqual(starts, ['2027-03-15T08:00:00.000Z', '2027-03-22T08:00:00.000Z', '2027-03-29T07:00:00.000Z', '2027-04-05T07:00:00.000Z']);

      const created = await user.api.request('POST', '/api/calendar/events', { subject: 'After the change', start: '2027-03-29T07:00:00Z', end: '2027-03-29T08:00:00Z', timeZone: 'Europe/Berlin' });
      assert.equal(created.status, 201);
      const ev = await waitFor(async () => (await outlookEvents(sandbox, ann!.id)).find((e) => e.subject === 'After the change'), { message: 'never in Outlook' });
      // The sandbox answers in UTC: 07:00Z, and Outlook keeps the zone it was meant in.
      assert.match(ev.start.dateTime, /^2027-03-29T07:00:00/);
    });

    test('recurrence edits from the CRM: one occurrence, then the whole series', async () => {
      const [ann] = await calendarTenant(sandbox, ['ann']);
      const user = await connectCalendar(env, sandbox, ann!);
      const first = slot(1, 8);
      const startDate = first.start.dateTime.slice(0, 10);
      const series = await outlookCreate(sandbox, ann!.id, {
        subject: 'Standup', ...first,
        recurrence: { pattern: { type: 'daily', interval: 1 }, range: { type: 'numbered', startDate, numberOfOccurrences: 5 } },
      });
      const occurrences = async () => env.database.db.selectFrom('calendar_events').selectAll().where('account_id', '=', user.accountId)
        .where('series_master_graph_id', '=', series.id).orderBy('start_utc').execute();
      await waitFor(async () => (await occurrences()).length === 5, { message: 'the series never synced' });
      const occ = (await occurrences())[1]!;

      const noScope = await user.api.request('PATCH', `/api/calendar/events/${occ.id}`, { subject: 'Standup (one)' });
      assert.equal(noScope.status, 400);
      assert.match(noScope.body.error.message, /^scope: /i);

      const one = await user.api.request('PATCH', `/api/calendar/events/${occ.id}`, { subject: 'Standup (one)', scope: 'occurrence' });
      assert.equal(one.status, 200, JSON.stringify(one.body));
      const window = { start: iso(-1), end: iso(10) };
      await waitFor(async () => (await outlookEvents(sandbox, ann!.id, window)).filter((e) => e.subject === 'Standup (one)').length === 1, { message: 'the occurrence edit never reached Outlook' });
      const inOutlook = await outlookEvents(sandbox, ann!.id, window);
      assert.equal(inOutlook.filter((e) => e.subject === 'Standup').length, 4, 'the other occurrences kept their subject');

      const all = await user.api.request('PATCH', `/api/calendar/events/${(await occurrences())[3]!.id}`, { location: 'Room 9', scope: 'series' });
      assert.equal(all.status, 200, JSON.stringify(all.body));
      await waitFor(async () => (await outlookEvents(sandbox, ann!.id)).some((e) => e.id === series.id && e.location?.displayName === 'Room 9'), { message: 'the series edit never reached Outlook' });
      await waitFor(async () => (await occurrences()).filter((o) => o.location === 'Room 9').length >= 4, { message: 'the series edit never came back to the occurrences' });
      assert.equal((await occurrences()).length, 5, 'no duplicates');
    });

    test('Teams: refused with the reason where the calendar does not allow it; a delayed join URL ends up on the meeting', async () => {
      const [ann, fay] = await calendarTenant(sandbox, ['ann', 'fay']);
      await control(sandbox, 'PUT', `/control/calendar/${fay!.id}/online-meeting-providers`, { allowed: ['skypeForConsumer'] });
      const noTeams = await connectCalendar(env, sandbox, fay!);
      const settings = await noTeams.api.request('GET', '/api/calendar/settings');
      assert.equal(settings.body.teamsAvailable, false);
      assert.match(settings.body.teamsReason, /does not allow Teams/);
      const refused = await noTeams.api.request('POST', '/api/calendar/events', { subject: 'Teams?', start: iso(3, 9), end: iso(3, 10), teams: true });
      assert.equal(refused.status, 400);
      assert.equal(refused.body.error.code, 'validation_failed');
      assert.match(refused.body.error.message, /^teams: .*does not allow Teams/i);

      const user = await connectCalendar(env, sandbox, ann!);
      assert.equal((await user.api.request('GET', '/api/calendar/settings')).body.teamsAvailable, true);
      // Longer than the write-back's own re-reads: the link comes with Outlook's later update.
      await control(sandbox, 'PUT', '/control/calendar/online-meetings', { delayedJoinUrlShare: 1, delayedJoinUrlMs: 7_000 });
      try {
        const carla = (await user.api.request('POST', '/api/people', { name: 'Carla Client', emails: ['carla@client.test'] })).body;
        const created = await user.api.request('POST', '/api/calendar/events', { subject: 'Teams sync', start: iso(3, 9), end: iso(3, 10), teams: true, attendeePersonIds: [carla.id] });
        assert.equal(created.status, 201);
        const joinUrl = await waitFor(async () => (await env.database.db.selectFrom('meetings').select('join_url').where('activity_id', '=', created.body.id).executeTakeFirst())?.join_url,
          { timeoutMs: 20_000, message: 'the join URL never reached the meeting' });
        assert.match(joinUrl, /^https:\/\//);
        const listed = await user.api.request('GET', `/api/calendar/events?start=${iso(2)}&end=${iso(4)}`);
        assert.equal(listed.body.items.find((e: { activityId: string }) => e.activityId === created.body.id)?.joinUrl, joinUrl);
        assert.ok((await calendarStats(sandbox)).delayedJoinUrls > 0, 'the sandbox did delay it');
        const timeline = await user.api.request('GET', `/api/people/${carla.id}/timeline`);
        const item = timeline.body.items.find((a: { id: string }) => a.id === created.body.id);
        assert.equal(item?.source?.joinUrl, joinUrl, 'the join link is on the activity the timeline shows');
      } finally {
        await control(sandbox, 'PUT', '/control/calendar/online-meetings', { delayedJoinUrlShare: 0 });
      }
    });

    test('a 412 conflict is merged: a different field changed in Outlook between read and write, both survive', async () => {
      const [ann] = await calendarTenant(sandbox, ['ann']);
      const user = await connectCalendar(env, sandbox, ann!);
      const created = await user.api.request('POST', '/api/calendar/events', { subject: 'Merge me', start: iso(7, 9), end: iso(7, 10), location: 'Room 1' });
      await waitFor(async () => (await env.database.db.selectFrom('meetings').select('linked').where('activity_id', '=', created.body.id).executeTakeFirst())?.linked === 1, { message: 'never linked' });
      await waitFor(() => outboxEmpty(env, user.accountId));
      const ev = (await outlookEvents(sandbox, ann!.id)).find((e) => e.subject === 'Merge me')!;
      // From here Tandem reads nothing: the Outlook edit stays unseen until the CRM edit is written.
      await env.queue.stop();
      await outlookPatch(sandbox, ann!.id, ev.id, { subject: 'Merge me (renamed in Outlook)' });
      const edited = await user.api.request('PATCH', `/api/calendar/events/${created.body.id}`, { location: 'Room 2' });
      assert.equal(edited.status, 200);
      const sync = syncEngineOf(env.integration)!;
      const writes = await writesOf(sandbox, ann!.id);
      await runWriteBack(sync, { accountId: user.accountId, resource: 'calendar' });
      assert.ok(await outboxEmpty(env, user.accountId), 'written');
      const after = (await outlookEvents(sandbox, ann!.id)).find((e) => e.id === ev.id)!;
      assert.equal(after.subject, 'Merge me (renamed in Outlook)', 'Outlook’s change survived');
      assert.equal(after.location?.displayName, 'Room 2', 'the CRM’s change survived');
      assert.equal(await writesOf(sandbox, ann!.id) - writes, 2, 'the refused write and its retry');
    });
  });
}
