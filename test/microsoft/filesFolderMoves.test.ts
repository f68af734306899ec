/**
 * A folder renamed or moved in OneDrive above linked files: Graph's delta reports the folder alone,
 * yet the links below it take the new parentPath, live, from the delta page and the folder ids kept
 * with each link, without Tandem asking Graph for the linked items (no request names them). Real
 * Tandem against the sandbox over HTTP, SQLite and PostgreSQL.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DB_KINDS } from '../helpers/db.js';
import type { MicrosoftTestEnv } from '../helpers/microsoft.js';
import { control, startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { openEventStream } from '../helpers/server.js';
import { waitFor } from '../helpers/wait.js';
import { addDriveFile, changeDriveItem, type SandboxItem } from './driveHelpers.js';
import { connectUser, startSyncEnv } from './syncHelpers.js';

interface Link { id: string; name: string; parentPath: string | null }

let sandbox: TestSandbox;
before(async () => {
  sandbox = await startTestSandbox({ notificationDelayMs: 0 });
});
after(() => sandbox.close());

for (const kind of DB_KINDS) {
  describe(`a folder above linked files changes in OneDrive (${kind})`, () => {
    let env: MicrosoftTestEnv;
    before(async () => {
      ({ env } = await startSyncEnv(sandbox, kind));
    });
    after(() => env?.close());

    test('renamed, then moved: every link below it takes the new parentPath live, with no read of the linked items', async () => {
      const ann = await connectUser(env, sandbox, 0, ['onedrive']);
      const company = (await ann.api.request('POST', '/api/companies', { name: 'Acme' })).body as { id: string };
      const path = `/api/companies/${company.id}/files`;
      const plan = await addDriveFile(sandbox, ann.mailboxId, 'Clients/Acme/Deep/Plan.txt');
      const notes = await addDriveFile(sandbox, ann.mailboxId, 'Clients/Acme/Notes.txt');
      const attached = await ann.api.request<{ files: Link[] }>('POST', path, { items: [plan, notes].map((i) => ({ driveId: i.parentReference.driveId, itemId: i.id })) });
      assert.equal(attached.status, 201, JSON.stringify(attached.body));
      assert.deepEqual(attached.body.files.map((f) => f.parentPath), ['/Clients/Acme/Deep', '/Clients/Acme']);
      const rows = () => env.database.db.selectFrom('file_links').select(['item_id', 'parent_path', 'folder_ids']).where('record_id', '=', company.id).orderBy('item_id').execute();
      assert.ok((await rows()).every((r) => r.folder_ids && JSON.parse(r.folder_ids).length === r.parent_path!.split('/').length), 'each link knows its folders, root first');
      const pathsOf = async () => Object.fromEntries((await ann.api.request<{ files: Link[] }>('GET', path)).body.files.map((f) => [f.name, f.parentPath]));

      const acme = (await control<{ value: SandboxItem[] }>(sandbox, 'GET', `/control/files/${ann.mailboxId}/items?path=Clients`)).value.find((i) => i.name === 'Acme')!;
      const deep = (await control<{ value: SandboxItem[] }>(sandbox, 'GET', `/control/files/${ann.mailboxId}/items?path=${encodeURIComponent('Clients/Acme')}`)).value.find((i) => i.name === 'Deep')!;
      // Every Graph request from here on, to show none reads a linked item.
      const graph = env.integration.graph;
      const asked: string[] = [];
      const request = graph.request.bind(graph);
      graph.request = (accountId, req) => {
        asked.push(req.path);
        return request(accountId, req);
      };
      const stream = await openEventStream(ann.api);
      try {
        await changeDriveItem(sandbox, ann.mailboxId, acme.id, { name: 'Acme Corp' });
        await waitFor(async () => (await pathsOf())['Plan.txt'] === '/Clients/Acme Corp/Deep', { timeoutMs: 15_000, message: 'the rename of a folder above never reached the link' });
        assert.deepEqual(await pathsOf(), { 'Plan.txt': '/Clients/Acme Corp/Deep', 'Notes.txt': '/Clients/Acme Corp' });
        await waitFor(() => stream.events.some((e) => e.type === 'files.changed' && JSON.stringify(e.data).includes(company.id)), { message: 'no files.changed for the folder rename' });

        // Moved elsewhere: the file below it follows; the one left in Acme Corp stays.
        await control(sandbox, 'POST', `/control/files/${ann.mailboxId}/items`, { path: 'Archive/2026', folder: true });
        await changeDriveItem(sandbox, ann.mailboxId, deep.id, { parentPath: 'Archive/2026' });
        await waitFor(async () => (await pathsOf())['Plan.txt'] === '/Archive/2026/Deep', { timeoutMs: 15_000, message: 'the move of a folder above never reached the link' });
        assert.equal((await pathsOf())['Notes.txt'], '/Clients/Acme Corp');
      } finally {
        stream.close();
        graph.request = request;
      }
      assert.ok(asked.some((p) => p.includes('delta')), 'the changes came by delta');
      assert.deepEqual(asked.filter((p) => p.includes(plan.id) || p.includes(notes.id)), [], 'no linked item was read again');
      const planRow = (await rows()).find((r) => r.item_id === plan.id)!;
      assert.equal(JSON.parse(planRow.folder_ids!).at(-1), deep.id);
    });
  });
}
