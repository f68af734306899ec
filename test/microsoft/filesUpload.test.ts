/**
 * Uploads and record folders end to end, real Tandem against the sandbox over HTTP: a record's
 * folder made on first use, new folders with a name conflict (renamed), an upload in several
 * chunks that survives a chunk dropped mid-way (resumed from OneDrive's nextExpectedRanges), a
 * wrong range (416 with where to resume), the idempotent last chunk, cancel, expiry, who may
 * continue, and the refusals before anything is sent: names, sizes, a full OneDrive.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { DB_KINDS } from '../helpers/db.js';
import { connectMicrosoft, startMicrosoftTestEnv, type MicrosoftTestEnv } from '../helpers/microsoft.js';
import { control, createTenantWithUsers, startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';
import type { ApiClient, ApiResponse } from '../helpers/server.js';
import { waitFor } from '../helpers/wait.js';

interface Link { id: string; name: string; kind: string; size: number | null; source: string; recordType: string; recordId: string; itemId: string; driveId: string }
interface Ticket { uploadId: string; chunkSize: number; nextExpectedRanges: string[]; expiresAt: string }
interface Listed { value: Array<{ name: string; size?: number; folder?: unknown }> }

const KiB320 = 320 * 1024;
const password = 'Passw0rd!';
let sandbox: TestSandbox;
before(async () => {
  sandbox = await startTestSandbox({ notificationDelayMs: 0 });
});
after(() => sandbox.close());

/** One chunk, as the web app sends it. */
function putChunk(api: ApiClient, uploadId: string, bytes: Buffer, start: number, total: number, headers: Record<string, string> = {}): Promise<ApiResponse> {
  return api.request('PUT', `/api/files/uploads/${uploadId}`, undefined, {
    rawBody: bytes as unknown as string,
    headers: { 'content-type': 'application/octet-stream', 'content-range': `bytes ${start}-${start + bytes.length - 1}/${total}`, ...headers },
  });
}

/** A chunk whose connection drops half-way through its body. */
function droppedChunk(env: MicrosoftTestEnv, api: ApiClient, uploadId: string, bytes: Buffer, start: number, total: number): Promise<void> {
  return new Promise((resolve) => {
    const u = new URL(`${env.url}/api/files/uploads/${uploadId}`);
    const req = httpRequest({
      host: u.hostname, port: u.port, path: u.pathname, method: 'PUT',
      headers: {
        cookie: `tandem_session=${api.cookie}`, 'x-csrf-token': api.csrfToken!, 'content-type': 'application/octet-stream',
        'content-length': String(bytes.length), 'content-range': `bytes ${start}-${start + bytes.length - 1}/${total}`,
      },
    });
    req.on('error', () => resolve());
    req.on('response', (res) => {
      res.resume();
      resolve();
    });
    req.write(bytes.subarray(0, bytes.length >> 1), () => setTimeout(() => req.destroy(), 100));
  });
}

for (const kind of DB_KINDS) {
  describe(`uploads and record folders (${kind})`, () => {
    let env: MicrosoftTestEnv;
    let ann: ApiClient;
    let annId: string;
    let bob: ApiClient;
    before(async () => {
      env = await startMicrosoftTestEnv({ kind, sandbox, configOverrides: { files: { maxUploadBytes: 8 * 1024 * 1024 } } });
      const { users } = await createTenantWithUsers(sandbox, {
        domain: `u${randomBytes(3).toString('hex')}.onmicrosoft.com`,
        users: [{ userPrincipalName: 'ann', password, displayName: 'Ann' }, { userPrincipalName: 'bob', password }],
      });
      annId = users[0]!.id;
      ann = env.client();
      await ann.signup();
      assert.ok((await connectMicrosoft({ api: ann, sandbox, upn: users[0]!.userPrincipalName, password, features: ['onedrive'] })).ok);
      bob = env.client();
      await bob.signup();
      assert.ok((await connectMicrosoft({ api: bob, sandbox, upn: users[1]!.userPrincipalName, password, features: ['onedrive'] })).ok);
    });
    after(() => env?.close());

    const folderOf = async (path: string) => control<Listed>(sandbox, 'GET', `/control/files/${annId}/items?path=${encodeURIComponent(path)}`);

    test('new folders go into the record folder, made on first use with a valid name; a taken name is renamed', async () => {
      const person = (await ann.request('POST', '/api/people', { name: 'Ann "The Boss": Smith.' })).body as { id: string };
      const first = await ann.request<Link>('POST', `/api/people/${person.id}/files/folders`, { name: 'Contracts' });
      assert.equal(first.status, 201, JSON.stringify(first.body));
      assert.deepEqual([first.body.name, first.body.kind, first.body.source, first.body.recordType, first.body.recordId], ['Contracts', 'folder', 'onedrive', 'person', person.id]);
      const second = await ann.request<Link>('POST', `/api/people/${person.id}/files/folders`, { name: 'Contracts' });
      assert.equal(second.status, 201, JSON.stringify(second.body));
      assert.equal(second.body.name, 'Contracts 1');
      const listed = await folderOf('Tandem/People/Ann _The Boss__ Smith');
      assert.deepEqual(listed.value.map((c) => c.name).sort(), ['Contracts', 'Contracts 1']);
      const files = await ann.request<{ files: Link[] }>('GET', `/api/people/${person.id}/files`);
      assert.deepEqual(files.body.files.map((f) => f.name).sort(), ['Contracts', 'Contracts 1'], 'both attached');

      for (const [name, why] of [['a/b', /" \* : < > \? \/ \\ \|/], ['CON', /reserves/], [' x', /space/], ['x.', /dot/], ['~$x.docx', /lock files/]] as const) {
        const r = await ann.request('POST', `/api/people/${person.id}/files/folders`, { name });
        assert.equal(r.status, 400, name);
        assert.match(r.body.error.message, why, name);
      }
      assert.equal((await ann.request('POST', '/api/people/nope/files/folders', { name: 'x' })).status, 404);
    });

    test('an upload in several chunks, with a chunk dropped half-way and a wrong range, resumes and attaches once', async () => {
      const company = (await ann.request('POST', '/api/companies', { name: 'Acme Corp' })).body as { id: string };
      const data = randomBytes(3 * KiB320 + 12_345);
      const start = await ann.request<Ticket>('POST', `/api/companies/${company.id}/files/uploads`, { name: 'Report.bin', size: data.length });
      assert.equal(start.status, 201, JSON.stringify(start.body));
      const { uploadId, chunkSize } = start.body;
      assert.equal(chunkSize % KiB320, 0, 'chunks are multiples of 320 KiB');
      assert.deepEqual(start.body.nextExpectedRanges, ['0-']);
      const row = await env.database.db.selectFrom('file_uploads').selectAll().where('id', '=', uploadId).executeTakeFirstOrThrow();
      assert.ok(!row.upload_url_enc.includes('uploadSession') && row.upload_url_enc.startsWith('v1.'), 'the uploadUrl is sealed at rest');

      const one = await putChunk(ann, uploadId, data.subarray(0, KiB320), 0, data.length);
      assert.equal(one.status, 202, JSON.stringify(one.body));
      assert.deepEqual(one.body.nextExpectedRanges, [`${KiB320}-`]);

      // The connection drops in the middle of chunk two: OneDrive keeps none of its bytes.
      await droppedChunk(env, ann, uploadId, data.subarray(KiB320, 2 * KiB320), KiB320, data.length);
      const status = await waitFor(async () => {
        const s = await ann.request('GET', `/api/files/uploads/${uploadId}`);
        return s.status === 200 && s.body.nextExpectedRanges[0] === `${KiB320}-` ? s : undefined;
      }, { message: 'the upload never reported where to resume' });
      assert.ok(status.body.expiresAt);

      // Skipping ahead is refused with where to resume.
      const skipped = await putChunk(ann, uploadId, data.subarray(2 * KiB320, 3 * KiB320), 2 * KiB320, data.length);
      assert.equal(skipped.status, 416, JSON.stringify(skipped.body));
      assert.equal(skipped.body.error.code, 'range_not_satisfiable');
      assert.deepEqual(skipped.body.error.nextExpectedRanges, [`${KiB320}-`]);

      // Chunks that break Microsoft's rules never reach it.
      const odd = await putChunk(ann, uploadId, data.subarray(KiB320, KiB320 + 1000), KiB320, data.length);
      assert.equal(odd.status, 400);
      assert.match(odd.body.error.message, /multiple of 327680/);
      assert.equal((await putChunk(ann, uploadId, data.subarray(KiB320, 2 * KiB320), KiB320, data.length + 1)).status, 400, 'another total');
      const noRange = await ann.request('PUT', `/api/files/uploads/${uploadId}`, undefined, { rawBody: 'x', headers: { 'content-type': 'application/octet-stream' } });
      assert.equal(noRange.status, 400);
      assert.match(noRange.body.error.message, /Content-Range/);
      const asJson = await ann.request('PUT', `/api/files/uploads/${uploadId}`, { bytes: 'x' });
      assert.equal(asJson.status, 415);
      assert.equal((await putChunk(bob, uploadId, data.subarray(KiB320, 2 * KiB320), KiB320, data.length)).status, 404, 'only its user can continue it');

      for (let at = KiB320; ;) {
        const end = Math.min(at + KiB320, data.length);
        const r = await putChunk(ann, uploadId, data.subarray(at, end), at, data.length);
        if (end === data.length) {
          assert.equal(r.status, 201, JSON.stringify(r.body));
          const file = r.body.file as Link;
          assert.deepEqual([file.name, file.size, file.kind, file.recordType, file.recordId], ['Report.bin', data.length, 'file', 'company', company.id]);
          // The last chunk again (its answer lost): the same link, attached once.
          const again = await putChunk(ann, uploadId, data.subarray(at, end), at, data.length);
          assert.equal(again.status, 201, JSON.stringify(again.body));
          assert.equal(again.body.file.id, file.id);
          break;
        }
        assert.equal(r.status, 202, JSON.stringify(r.body));
        assert.deepEqual(r.body.nextExpectedRanges, [`${end}-`]);
        at = end;
      }
      const files = await ann.request<{ files: Link[] }>('GET', `/api/companies/${company.id}/files`);
      assert.deepEqual(files.body.files.map((f) => f.name), ['Report.bin']);
      const inDrive = await folderOf('Tandem/Companies/Acme Corp');
      assert.deepEqual(inDrive.value.map((c) => [c.name, c.size]), [['Report.bin', data.length]]);

      // The same name again: OneDrive keeps both.
      const second = await ann.request<Ticket>('POST', `/api/companies/${company.id}/files/uploads`, { name: 'Report.bin', size: 10 });
      const done = await putChunk(ann, second.body.uploadId, Buffer.from('0123456789'), 0, 10);
      assert.equal(done.status, 201, JSON.stringify(done.body));
      assert.equal(done.body.file.name, 'Report 1.bin');
    });

    test('an empty file is made at once with a simple upload and attached: no session, no chunks; the same name again gets a number', async () => {
      const company = (await ann.request('POST', '/api/companies', { name: 'Empty Files Ltd' })).body as { id: string };
      const path = `/api/companies/${company.id}/files/uploads`;
      const first = await ann.request<{ file: Link }>('POST', path, { name: 'placeholder.txt', size: 0 });
      assert.equal(first.status, 201, JSON.stringify(first.body));
      assert.equal((first.body as unknown as Ticket).uploadId, undefined, 'no upload session');
      const f = first.body.file;
      assert.deepEqual([f.name, f.size, f.kind, f.source, f.recordType, f.recordId], ['placeholder.txt', 0, 'file', 'onedrive', 'company', company.id]);
      const second = await ann.request<{ file: Link }>('POST', path, { name: 'placeholder.txt', size: 0 });
      assert.equal(second.status, 201, JSON.stringify(second.body));
      assert.equal(second.body.file.name, 'placeholder 1.txt', 'never replaces the one already there');
      const inDrive = await folderOf('Tandem/Companies/Empty Files Ltd');
      assert.deepEqual(inDrive.value.map((c) => [c.name, c.size]).sort(), [['placeholder 1.txt', 0], ['placeholder.txt', 0]]);
      const listed = await ann.request<{ files: Link[] }>('GET', `/api/companies/${company.id}/files`);
      assert.deepEqual(listed.body.files.map((x) => x.id).sort(), [f.id, second.body.file.id].sort());
      const sessions = await env.database.db.selectFrom('file_uploads').select('id').where('record_id', '=', company.id).execute();
      assert.deepEqual(sessions, [], 'nothing left to finish');
      const bad = await ann.request('POST', path, { name: 'what?.txt', size: 0 });
      assert.equal(bad.status, 400, 'the name is checked for an empty file too');
    });

    test('cancel, expiry, and the refusals before anything is sent', async () => {
      const task = (await ann.request('POST', '/api/tasks', { title: 'Send: the "quote"?' })).body as { id: string };
      const path = `/api/tasks/${task.id}/files/uploads`;
      const started = await ann.request<Ticket>('POST', path, { name: 'draft.txt', size: 100 });
      assert.equal(started.status, 201, JSON.stringify(started.body));
      assert.ok((await folderOf('Tandem/Tasks/Send_ the _quote__')).value, 'the task folder, its name made valid');
      assert.equal((await ann.request('DELETE', `/api/files/uploads/${started.body.uploadId}`)).status, 204);
      assert.equal((await putChunk(ann, started.body.uploadId, randomBytes(100), 0, 100)).status, 404);

      // An upload abandoned long ago is forgotten when the account starts another.
      const account = await env.database.db.selectFrom('microsoft_accounts').select('id').where('user_id', '=', ann.user!.id).executeTakeFirstOrThrow();
      const old = new Date(Date.now() - 3 * 3_600_000).toISOString();
      await env.database.db.insertInto('file_uploads').values({
        id: 'abandoned', account_id: account.id, user_id: ann.user!.id, workspace_id: ann.workspaceId!, record_type: 'task', record_id: task.id, name: 'old.txt', size: 1,
        upload_url_enc: 'v1.x', drive_id: 'd', folder_item_id: null, expires_at: old, created_at: old, completed_link_id: null,
      }).execute();
      await control(sandbox, 'PUT', '/control/files/settings', { uploadSessionTtlMs: 300 });
      try {
        const short = await ann.request<Ticket>('POST', path, { name: 'late.txt', size: 100 });
        assert.equal(await env.database.db.selectFrom('file_uploads').select('id').where('id', '=', 'abandoned').executeTakeFirst(), undefined);
        await new Promise((r) => setTimeout(r, 600));
        const late = await putChunk(ann, short.body.uploadId, randomBytes(100), 0, 100);
        assert.deepEqual([late.status, late.body.error.code], [410, 'upload_expired']);
        assert.match(late.body.error.message, /start it again/);
      } finally {
        await control(sandbox, 'PUT', '/control/files/settings', { uploadSessionTtlMs: 15 * 60_000 });
      }

      const big = await ann.request('POST', path, { name: 'huge.iso', size: 9 * 1024 * 1024 });
      assert.deepEqual([big.status, big.body.error.code], [413, 'too_large']);
      assert.match(big.body.error.message, /up to 8 MB/);
      assert.equal((await ann.request('POST', path, { name: 'minus.txt', size: -1 })).status, 400);
      const bad = await ann.request('POST', path, { name: 'what?.txt', size: 10 });
      assert.equal(bad.status, 400);
      assert.match(bad.body.error.message, /contains "\?"/);

      await control(sandbox, 'PUT', `/control/files/${annId}/quota`, { total: 4096 });
      try {
        const full = await ann.request('POST', path, { name: 'big.txt', size: 100_000 });
        assert.deepEqual([full.status, full.body.error.code], [507, 'quota_exceeded']);
        assert.match(full.body.error.message, /OneDrive is full/);
      } finally {
        await control(sandbox, 'PUT', `/control/files/${annId}/quota`, { total: 1024 ** 4 });
      }
    });
  });
}
