/** The calendar resource's page mapping against each database, without Graph: activities per iCalUId, participants, series, times, purge. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { companyTimeline, personTimeline } from '../../src/crm/activities.js';
import { createCompany } from '../../src/crm/companies.js';
import { createMeeting } from '../../src/crm/meetings.js';
import { createPerson } from '../../src/crm/people.js';
import type { GraphClient } from '../../src/microsoft/graph/client.js';
import { calendarResource } from '../../src/microsoft/sync/calendar/calendarResource.js';
import { purgeCalendar } from '../../src/microsoft/sync/calendar/purge.js';
import { graphTime, utcToWall } from '../../src/microsoft/sync/calendar/times.js';
import { windowAt, windowOutdated } from '../../src/microsoft/sync/calendar/window.js';
import type { DeltaItem, SyncContext } from '../../src/microsoft/sync/contract.js';
import { DB_KINDS, openTestDatabase } from '../helpers/db.js';

const event = (id: string, uid: string, extra: Record<string, unknown> = {}): DeltaItem => ({
  id, iCalUId: uid, type: 'singleInstance', subject: 'Kick-off', bodyPreview: 'agenda', changeKey: `ck-${id}`,
  start: { dateTime: '2026-03-02T09:00:00.0000000', timeZone: 'UTC' }, end: { dateTime: '2026-03-02T10:00:00.0000000', timeZone: 'UTC' },
  organizer: { emailAddress: { name: 'Me', address: 'me@tandem.test' } },
  attendees: [{ emailAddress: { name: 'Ann', address: 'ANN@Client.test' }, type: 'required', status: { response: 'accepted' } }, { emailAddress: { name: 'Bob', address: 'bob@client.test' }, type: 'required' }],
  isOnlineMeeting: false, isCancelled: false, ...extra,
});

test('Graph times: zone-less UTC, DST in Europe/Berlin both ways, wall time back', () => {
  assert.equal(graphTime({ dateTime: '2026-12-03T09:00:00.0000000', timeZone: 'UTC' }), '2026-12-03T09:00:00.000Z');
  assert.equal(graphTime({ dateTime: '2026-12-03T09:00:00.0000000' }), '2026-12-03T09:00:00.000Z');
  // DST ends in the EU on 2026-10-25: 09:00 Berlin is 07:00Z the Friday before, 08:00Z the Monday after.
  assert.equal(graphTime({ dateTime: '2026-10-23T09:00:00.0000000', timeZone: 'Europe/Berlin' }), '2026-10-23T07:00:00.000Z');
  assert.equal(graphTime({ dateTime: '2026-10-26T09:00:00.0000000', timeZone: 'W. Europe Standard Time' }), '2026-10-26T08:00:00.000Z');
  assert.equal(utcToWall('2026-10-26T08:00:00.000Z', 'Europe/Berlin'), '2026-10-26T09:00:00');
  assert.equal(utcToWall('2026-10-23T07:00:00.000Z', 'Europe/Berlin'), '2026-10-23T09:00:00');
  assert.equal(graphTime({ dateTime: 'garbage' }), null);
});

test('the window is day-aligned and a cursor is outdated once it is more than a day behind', () => {
  const s = { pastDays: 90, futureDays: 365 };
  const t = Date.parse('2026-03-02T15:00:00Z');
  assert.deepEqual(windowAt(t, s), { start: '2025-12-02T00:00:00.000Z', end: '2027-03-02T00:00:00.000Z' });
  assert.equal(windowOutdated(windowAt(t, s).start, t + 86_400_000, s), false);
  assert.equal(windowOutdated(windowAt(t, s).start, t + 2 * 86_400_000, s), true);
  assert.equal(windowOutdated(null, t, s), true);
});

for (const kind of DB_KINDS) {
  describe(`calendar resource pages (${kind})`, () => {
    test('one activity per iCalUId across two accounts, participants on timelines, removal and purge', async () => {
      const database = await openTestDatabase(kind);
      try {
        const db = database.db;
        const ws = 'ws-1';
        const at = new Date().toISOString();
        await db.insertInto('workspaces').values({ id: ws, name: 'W', created_at: at }).execute();
        await db.insertInto('users').values({ id: 'user-1', email: 'u1@tandem.test', name: 'U', password_hash: 'x', created_at: at, updated_at: at }).execute();
        const acme = await createCompany(db, ws, { name: 'Client Inc' });
        const ann = await createPerson(db, ws, { name: 'Ann', emails: ['ann@client.test'] });
        const bob = await createPerson(db, ws, { name: 'Bob', emails: ['bob@client.test'], companyId: acme.id });
        const ctxOf = (n: number): SyncContext => ({ db, graph: {} as GraphClient, account: { id: `acc-${n}`, userId: `user-${n}`, workspaceId: ws } });
        const resource = calendarResource({ maxOccurrencesPerSeries: 2 });
        const scope = { key: 'cal', name: 'Calendar' };
        const apply = (n: number, items: DeltaItem[], round: string | null = null) => db.transaction().execute((trx) => resource.applyPage(trx, ctxOf(n), scope, items, round));

        const p1 = await apply(1, [event('e1', 'U1')], 'r1');
        await apply(2, [event('other-copy', 'U1', { changeKey: 'x' })], 'r2');
        const acts = await db.selectFrom('activities').selectAll().where('workspace_id', '=', ws).where('kind', '=', 'meeting').execute();
        assert.equal(acts.length, 1, 'two copies of one meeting are one activity');
        assert.equal(acts[0]!.occurred_at, '2026-03-02T09:00:00.000Z');
        const rows = await db.selectFrom('calendar_events').selectAll().orderBy('account_id').execute();
        assert.deepEqual(rows.map((r) => r.activity_id), [acts[0]!.id, acts[0]!.id]);
        assert.deepEqual(p1.upserted, [rows[0]!.id], 'pages report Tandem ids');
        assert.equal(rows[0]!.start_utc, '2026-03-02T09:00:00.000Z');
        const annLine = await personTimeline(db, ws, ann.id, {});
        assert.deepEqual(annLine.items.map((a) => a.id), [acts[0]!.id], 'on the timeline of a participant');
        const companyLine = await companyTimeline(db, ws, acme.id, {});
        assert.deepEqual(companyLine.items.map((a) => a.id), [acts[0]!.id], "and of the participant's company");
        void bob;

        // Deleted in one calendar: the other copy keeps the meeting; deleted in both: it is gone.
        await apply(1, [{ id: 'e1', '@removed': { reason: 'deleted' } }]);
        assert.equal((await db.selectFrom('activities').select('id').where('kind', '=', 'meeting').execute()).length, 1);
        await apply(2, [{ id: 'other-copy', '@removed': { reason: 'deleted' } }]);
        assert.equal((await db.selectFrom('activities').select('id').where('kind', '=', 'meeting').execute()).length, 0);
        assert.equal((await db.selectFrom('activity_participants').select('person_id').execute()).length, 0);

        // A series: the master is stored with no activity; occurrences each map, capped per series.
        const occ = (id: string, day: number) => event(id, `U-occ-${id}`, { type: 'occurrence', seriesMasterId: 'm1',
          start: { dateTime: `2026-03-0${day}T09:00:00.0000000`, timeZone: 'UTC' }, end: { dateTime: `2026-03-0${day}T09:30:00.0000000`, timeZone: 'UTC' } });
        await apply(1, [event('m1', 'U-master', { type: 'seriesMaster' }), occ('o1', 3), occ('o2', 4), occ('o3', 5)]);
        const series = await db.selectFrom('calendar_events').select(['graph_id', 'activity_id']).where('account_id', '=', 'acc-1').orderBy('graph_id').execute();
        assert.deepEqual(series.map((s) => s.graph_id), ['m1', 'o1', 'o2'], 'the cap keeps 2 occurrences');
        assert.equal(series[0]!.activity_id, null, 'the master is no meeting of its own');
        assert.equal((await db.selectFrom('activities').select('id').where('kind', '=', 'meeting').execute()).length, 2);

        // Sweep after a full round that saw only o1: the rest goes, with its activities.
        await apply(1, [occ('o1', 3)], 'r9');
        assert.equal(await db.transaction().execute((trx) => resource.sweep(trx, ctxOf(1), scope, 'r9')), 2);

        // Purge: synced rows and their activities go; a meeting scheduled in the CRM stays, unlinked.
        const crm = await db.transaction().execute((trx) => createMeeting(trx, ws, 'user-1', { subject: 'Demo', start: '2026-03-09T10:00:00Z', end: '2026-03-09T11:00:00Z', attendeePersonIds: [ann.id] }));
        await db.updateTable('meetings').set({ linked: 1 }).execute();
        await db.transaction().execute((trx) => purgeCalendar(trx, ctxOf(1).account));
        assert.equal((await db.selectFrom('calendar_events').select('id').where('account_id', '=', 'acc-1').execute()).length, 0);
        const left = await db.selectFrom('activities').select(['id', 'source_type']).where('kind', '=', 'meeting').execute();
        assert.deepEqual(left.map((a) => a.id), [crm.meeting.id]);
        assert.equal((await db.selectFrom('meetings').select('linked').executeTakeFirstOrThrow()).linked, 0);
        assert.deepEqual((await personTimeline(db, ws, ann.id, {})).items.map((a) => a.id), [crm.meeting.id]);
      } finally {
        await database.close();
      }
    });
  });
}
