import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { deleteActivityBySource, findPeopleByEmails, recordActivity, upsertActivityBySource } from '../../src/crm/index.js';
import { DB_KINDS } from '../helpers/db.js';
import { ApiClient, startTestServer, type TestServer } from '../helpers/server.js';

/** The writer the Microsoft integration will use to put mail and meetings on timelines. */
for (const kind of DB_KINDS) {
  describe(`activity writer for synced items (${kind})`, () => {
    let server: TestServer;
    let c: ApiClient;
    let personId: string;
    before(async () => {
      server = await startTestServer({ kind });
      c = new ApiClient(server.url);
      await c.signup();
      personId = (await c.request('POST', '/api/people', { name: 'Synced', emails: ['synced@example.test', 'alt@example.test'] })).body.id;
    });
    after(async () => {
      await server.close();
    });

    test('upsert by source key never duplicates, and updates in place', async () => {
      const db = server.database.db;
      const key = { workspaceId: c.workspaceId!, sourceType: 'microsoft', sourceId: 'AAMk-message-1' };
      const first = await upsertActivityBySource(db, { ...key, kind: 'email', title: 'Hello', occurredAt: '2030-01-02T03:04:05Z', personId, sourceMeta: { folder: 'inbox' } });
      assert.equal(first.created, true);
      const again = await upsertActivityBySource(db, { ...key, kind: 'email', title: 'Hello (edited)', occurredAt: '2030-01-02T03:04:05Z', personId });
      assert.equal(again.created, false);
      assert.equal(again.activity.id, first.activity.id);
      assert.equal(again.activity.title, 'Hello (edited)');
      assert.deepEqual(again.activity.source, { type: 'microsoft', id: 'AAMk-message-1' });
      const line = await c.request('GET', `/api/people/${personId}/timeline`);
      assert.deepEqual(line.body.items.map((a: { id: string }) => a.id), [first.activity.id]);
      assert.equal(line.body.items[0].kind, 'email');
      assert.equal(await deleteActivityBySource(db, key), true);
      assert.equal(await deleteActivityBySource(db, key), false);
    });

    test('recordActivity writes plain entries; findPeopleByEmails maps addresses to people', async () => {
      const db = server.database.db;
      const a = await recordActivity(db, { workspaceId: c.workspaceId!, kind: 'meeting', title: 'Kickoff', personId, source: { type: 'microsoft', id: 'evt-1', iCalUId: 'x' } });
      assert.deepEqual(a.source, { type: 'microsoft', id: 'evt-1', iCalUId: 'x' });
      const found = await findPeopleByEmails(db, c.workspaceId!, ['ALT@example.test', 'nobody@example.test']);
      assert.deepEqual([...found.keys()], ['alt@example.test']);
      assert.equal(found.get('alt@example.test')?.id, personId);
      const other = new ApiClient(server.url);
      await other.signup();
      assert.equal((await findPeopleByEmails(db, other.workspaceId!, ['alt@example.test'])).size, 0);
    });
  });
}
