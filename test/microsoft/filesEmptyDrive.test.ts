/**
 * A OneDrive with nothing linked from it: the first round starts from `?token=latest` instead of
 * listing the whole drive, and a file attached afterwards is kept current by the delta from that
 * cursor. A drive with links still gets the full listing (filesLinks and the contract suite).
 * Real Tandem against the sandbox over HTTP, SQLite and PostgreSQL.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DB_KINDS } from '../helpers/db.js';
import type { MicrosoftTestEnv } from '../helpers/microsoft.js';
import { control, startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { openEventStream } from '../helpers/server.js';
import { waitFor } from '../helpers/wait.js';
import { addDriveFile, changeDriveItem } from './driveHelpers.js';
import { connectUser, startSyncEnv } from './syncHelpers.js';

interface Link { id: string; name: string }

let sandbox: TestSandbox;
before(async () => {
  sandbox = await startTestSandbox({ notificationDelayMs: 0 });
});
after(() => sandbox.close());

for (const kind of DB_KINDS) {
  describe(`a drive with nothing linked (${kind})`, () => {
    let env: MicrosoftTestEnv;
    before(async () => {
      ({ env } = await startSyncEnv(sandbox, kind));
    });
    after(() => env?.close());

    test('connects without listing the drive, and a file attached later follows its changes live', async () => {
      const graph = env.integration.graph;
      const asked: string[] = [];
      const request = graph.request.bind(graph);
      graph.request = (id, req) => {
        asked.push(req.path);
        return request(id, req);
      };
      let ann;
      try {
        ann = await connectUser(env, sandbox, 0, ['onedrive']);
      } finally {
        graph.request = request;
      }
      const deltas = asked.filter((p) => p.includes('/root/delta'));
      assert.ok(deltas.length > 0, 'the drive was synced');
      assert.ok(deltas.every((p) => p.includes('token=')), `no delta listed the drive from the start: ${deltas.join(', ')}`);
      assert.ok(deltas.some((p) => p.includes('token=latest')));
      const state = await env.database.db.selectFrom('microsoft_sync_states').select(['phase', 'items_synced', 'delta_link'])
        .where('account_id', '=', ann.accountId).where('resource', '=', 'files').executeTakeFirstOrThrow();
      assert.equal(state.phase, 'live');
      assert.equal(state.items_synced, 0);
      assert.ok(state.delta_link);

      await control(sandbox, 'POST', `/control/files/${ann.mailboxId}/bulk`, { path: 'Old', files: 5 });
      const doc = await addDriveFile(sandbox, ann.mailboxId, 'Proposal.txt');
      const company = (await ann.api.request('POST', '/api/companies', { name: 'Later Ltd' })).body as { id: string };
      const path = `/api/companies/${company.id}/files`;
      assert.equal((await ann.api.request('POST', path, { items: [{ driveId: doc.parentReference.driveId, itemId: doc.id }] })).status, 201);
      const stream = await openEventStream(ann.api);
      try {
        await changeDriveItem(sandbox, ann.mailboxId, doc.id, { name: 'Proposal v2.txt' });
        await waitFor(async () => (await ann.api.request<{ files: Link[] }>('GET', path)).body.files[0]?.name === 'Proposal v2.txt', { timeoutMs: 15_000, message: 'the rename never reached the link attached after connect' });
        await waitFor(() => stream.events.some((e) => e.type === 'files.changed' && JSON.stringify(e.data).includes(company.id)), { message: 'no files.changed' });
      } finally {
        stream.close();
      }
      const link = await env.database.db.selectFrom('file_links').select('state').where('record_id', '=', company.id).executeTakeFirstOrThrow();
      assert.equal(link.state, 'present');
    });
  });
}
