/**
 * Folder unread/total counts follow what sync brings in (new mail, read elsewhere, moves, deletes,
 * sweeps, replays), adjusted page by page; a recount re-bases them. Against each database, without Graph.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { GraphClient } from '../../src/microsoft/graph/client.js';
import type { DeltaItem, SyncContext } from '../../src/microsoft/sync/contract.js';
import { recountFolders } from '../../src/microsoft/sync/mail/folderCounts.js';
import { mailResource } from '../../src/microsoft/sync/mail/mailResource.js';
import { DB_KINDS, openTestDatabase } from '../helpers/db.js';

const message = (id: string, isRead: boolean): DeltaItem => ({
  id, subject: id, from: { emailAddress: { name: 'Ann', address: 'ann@example.test' } }, toRecipients: [],
  receivedDateTime: '2024-05-01T10:00:00Z', isRead, bodyPreview: 'hi',
});

for (const kind of DB_KINDS) {
  describe(`mail folder counts (${kind})`, () => {
    test('each committed page and sweep recounts the folders it touched', async () => {
      const database = await openTestDatabase(kind);
      try {
        const db = database.db;
        const ctx: SyncContext = { db, graph: {} as GraphClient, account: { id: 'acc-1', userId: 'user-1', workspaceId: 'ws-1' } };
        for (const [id, graphId] of [['f-in', 'inbox-key'], ['f-ar', 'archive-key']]) {
          // Nothing synced yet, as a folder listing leaves them.
          await db.insertInto('mail_folders').values({ id: id!, account_id: 'acc-1', graph_id: graphId!, parent_graph_id: null, display_name: graphId!, well_known: null, unread_count: 0, total_count: 0 }).execute();
        }
        const counts = async () => Object.fromEntries((await db.selectFrom('mail_folders').select(['graph_id', 'unread_count', 'total_count']).where('account_id', '=', 'acc-1').execute())
          .map((f) => [f.graph_id, [Number(f.unread_count), Number(f.total_count)]]));
        const resource = mailResource();
        const inbox = { key: 'inbox-key', name: 'Inbox' };
        const archive = { key: 'archive-key', name: 'Archive' };
        const page = (scope: typeof inbox, items: DeltaItem[], round: string | null = null) => db.transaction().execute((trx) => resource.applyPage(trx, ctx, scope, items, round));

        await page(inbox, [message('m1', false), message('m2', false), message('m3', true)], 'r1');
        assert.deepEqual(await counts(), { 'inbox-key': [2, 3], 'archive-key': [0, 0] }, 'new mail');

        await page(inbox, [message('m1', true)]);
        assert.deepEqual((await counts())['inbox-key'], [1, 3], 'read in Outlook');

        // Moved in Outlook: the Archive's delta brings it before the Inbox's delta says @removed.
        await page(archive, [message('m2', false)]);
        assert.deepEqual(await counts(), { 'inbox-key': [0, 2], 'archive-key': [1, 1] }, 'moved out of the Inbox');

        await page(inbox, [{ id: 'm3', '@removed': { reason: 'deleted' } }]);
        assert.deepEqual((await counts())['inbox-key'], [0, 1], 'deleted');

        await page(inbox, [message('m4', false)], 'r2');
        await db.transaction().execute((trx) => resource.sweep(trx, ctx, inbox, 'r2'));
        assert.deepEqual((await counts())['inbox-key'], [1, 1], 'the sweep removed m1, left m4');

        // Replayed pages change nothing; a page that removes and re-adds a message counts it once.
        await page(inbox, [message('m4', false), message('m4', false)]);
        await page(inbox, [{ id: 'm4', '@removed': { reason: 'deleted' } }, message('m4', true)]);
        assert.deepEqual(await counts(), { 'inbox-key': [0, 1], 'archive-key': [1, 1] });

        // Counts that drifted (or came from an older version) are re-based by a recount, as a folder listing does.
        await db.updateTable('mail_folders').set({ unread_count: 7, total_count: 9 }).execute();
        await recountFolders(db, 'acc-1', 'all');
        assert.deepEqual(await counts(), { 'inbox-key': [0, 1], 'archive-key': [1, 1] });
        await recountFolders(db, 'acc-1', ['archive-key', null, 'unknown-folder']);
        assert.deepEqual((await counts())['archive-key'], [1, 1]);
      } finally {
        await database.close();
      }
    });
  });
}
