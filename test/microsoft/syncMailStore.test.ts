/** The mail resource's page mapping against each database, without Graph: folder identity and the ids it reports. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { DeltaItem, SyncContext } from '../../src/microsoft/sync/contract.js';
import type { GraphClient } from '../../src/microsoft/graph/client.js';
import { mailResource } from '../../src/microsoft/sync/mail/mailResource.js';
import { mapMessage } from '../../src/microsoft/sync/mail/mapMessage.js';
import { DB_KINDS, openTestDatabase } from '../helpers/db.js';

const message = (id: string, parentFolderId: string, subject: string): DeltaItem => ({
  id, parentFolderId, subject, from: { emailAddress: { name: 'Ann', address: 'ann@example.test' } }, toRecipients: [],
  receivedDateTime: '2024-05-01T10:00:00Z', isRead: false, bodyPreview: 'hi',
});

test('mapMessage files a message under the folder whose delta returned it, whatever parentFolderId says', () => {
  const { row } = mapMessage(message('m1', 'AAMkADifferentEncoding==', 'x') as never, 'AQMkAInboxKey');
  assert.equal(row.folder_graph_id, 'AQMkAInboxKey');
});

for (const kind of DB_KINDS) {
  describe(`mail resource pages (${kind})`, () => {
    test('rows belong to the scope key: @removed and sweeps find them; pages report Tandem ids', async () => {
      const database = await openTestDatabase(kind);
      try {
        const db = database.db;
        const ctx: SyncContext = { db, graph: {} as GraphClient, account: { id: 'acc-1', userId: 'user-1', workspaceId: 'ws-1' } };
        const resource = mailResource();
        const scope = { key: 'inbox-key', name: 'Inbox' };
        // Graph spells the parent folder differently from the folder listing's id.
        const page = await db.transaction().execute((trx) =>
          resource.applyPage(trx, ctx, scope, [message('m1', 'inbox-other-spelling', 'one'), message('m2', 'inbox-other-spelling', 'two'), message('m3', 'inbox-other-spelling', 'three')], 'round-1'));
        const rows = await db.selectFrom('emails').select(['id', 'graph_id', 'folder_graph_id']).where('account_id', '=', 'acc-1').orderBy('graph_id').execute();
        assert.deepEqual(rows.map((r) => r.folder_graph_id), ['inbox-key', 'inbox-key', 'inbox-key']);
        assert.deepEqual([...page.upserted].sort(), rows.map((r) => r.id).sort(), 'upserted carries Tandem ids');
        assert.ok(!page.upserted.includes('m1'));

        const removed = await db.transaction().execute((trx) => resource.applyPage(trx, ctx, scope, [{ id: 'm1', '@removed': { reason: 'deleted' } }], null));
        assert.deepEqual(removed.removed, [rows[0]!.id], 'removed carries the Tandem id of the deleted row');
        assert.deepEqual(removed.upserted, []);

        // A full round that saw only m2: the sweep removes m3 (scoped by the same key).
        await db.transaction().execute((trx) => resource.applyPage(trx, ctx, scope, [message('m2', 'inbox-other-spelling', 'two')], 'round-2'));
        assert.equal(await db.transaction().execute((trx) => resource.sweep(trx, ctx, scope, 'round-2')), 1);
        const left = await db.selectFrom('emails').select('graph_id').where('account_id', '=', 'acc-1').execute();
        assert.deepEqual(left.map((r) => r.graph_id), ['m2']);
      } finally {
        await database.close();
      }
    });
  });
}
