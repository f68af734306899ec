/**
 * Outside-in QA of the files and Outlook contacts routes, over HTTP against the sandbox: a chunk
 * sent without Content-Length (Transfer-Encoding: chunked) is a 400 that says what to send, not
 * a 503 or a request that never gets an answer, and the upload resumes afterwards; the people a
 * contacts route answers about must be in the caller's workspace; a deleted record's files do not
 * open; an attach that a disconnect
 * overtakes leaves no link behind.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { DB_KINDS } from '../helpers/db.js';
import { connectMicrosoft, startMicrosoftTestEnv, type MicrosoftTestEnv } from '../helpers/microsoft.js';
import { control, createTenantWithUsers, startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { waitFor } from '../helpers/wait.js';
import type { ApiClient } from '../helpers/server.js';

const KiB320 = 320 * 1024;
const password = 'Passw0rd!';

/** A chunk sent as Transfer-Encoding: chunked (no Content-Length), with a 10 s limit on the answer. */
function chunkedPut(env: MicrosoftTestEnv, api: ApiClient, uploadId: string, range: string, bytes: Buffer): Promise<{ status: number; body: { error?: { code: string; message: string } } }> {
  return new Promise((resolve, reject) => {
    const u = new URL(`${env.url}/api/files/uploads/${uploadId}`);
    const req = httpRequest({
      host: u.hostname, port: u.port, path: u.pathname, method: 'PUT',
      headers: { cookie: `tandem_session=${api.cookie}`, 'x-csrf-token': api.csrfToken!, 'content-type': 'application/octet-stream', 'content-range': range, 'transfer-encoding': 'chunked' },
    });
    const timer = setTimeout(() => {
      req.destroy();
      reject(new Error(`no answer in 10 s to a chunked PUT (${range})`));
    }, 10_000);
    req.on('response', (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (c: string) => (text += c)).on('end', () => {
        clearTimeout(timer);
        resolve({ status: res.statusCode!, body: JSON.parse(text) });
      });
    });
    req.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    req.end(bytes);
  });
}

let sandbox: TestSandbox;
before(async () => {
  sandbox = await startTestSandbox({ notificationDelayMs: 0 });
});
after(() => sandbox.close());

for (const kind of DB_KINDS) {
  describe(`files and contacts API under bad input (${kind})`, () => {
    let env: MicrosoftTestEnv;
    let ann: ApiClient;
    let cat: ApiClient;
    let annMailbox: string;
    before(async () => {
      env = await startMicrosoftTestEnv({ kind, sandbox });
      const { users } = await createTenantWithUsers(sandbox, { domain: `qa${randomBytes(3).toString('hex')}.onmicrosoft.com`, users: [{ userPrincipalName: 'ann', password }] });
      annMailbox = users[0]!.id;
      ann = env.client();
      await ann.signup();
      assert.ok((await connectMicrosoft({ api: ann, sandbox, upn: users[0]!.userPrincipalName, password, features: ['onedrive', 'contacts'] })).ok);
      cat = env.client();
      await cat.signup();
    });
    after(() => env?.close());

    test('a chunk without Content-Length is a 400 saying to send it, one not sent as octet-stream a 415; the upload then resumes', async () => {
      const company = (await ann.request('POST', '/api/companies', { name: 'Chunked Ltd' })).body as { id: string };
      const data = randomBytes(KiB320 + 1000);
      const started = await ann.request<{ uploadId: string }>('POST', `/api/companies/${company.id}/files/uploads`, { name: 'chunked.bin', size: data.length });
      assert.equal(started.status, 201, JSON.stringify(started.body));
      const { uploadId } = started.body;
      const first = `bytes 0-${KiB320 - 1}/${data.length}`;
      for (const bytes of [data.subarray(0, 1000), data]) {
        const r = await chunkedPut(env, ann, uploadId, first, bytes);
        assert.equal(r.status, 400, JSON.stringify(r.body));
        assert.equal(r.body.error?.code, 'validation_failed');
        assert.match(r.body.error!.message, /Content-Length/);
      }
      // Sent as JSON (or as text): 415 naming the content type, not a JSON parse error.
      for (const type of ['application/json', 'text/plain']) {
        const r = await ann.request('PUT', `/api/files/uploads/${uploadId}`, undefined, {
          rawBody: data.subarray(0, KiB320) as unknown as string, headers: { 'content-type': type, 'content-range': first },
        });
        assert.deepEqual([r.status, r.body.error?.code], [415, 'unsupported_media_type'], type);
        assert.match(r.body.error.message, /application\/octet-stream/);
      }
      const status = await ann.request('GET', `/api/files/uploads/${uploadId}`);
      assert.deepEqual(status.body.nextExpectedRanges, ['0-'], 'nothing of the refused chunks reached OneDrive');
      const put = (s: number, e: number) => ann.request('PUT', `/api/files/uploads/${uploadId}`, undefined, {
        rawBody: data.subarray(s, e + 1) as unknown as string,
        headers: { 'content-type': 'application/octet-stream', 'content-range': `bytes ${s}-${e}/${data.length}` },
      });
      assert.equal((await put(0, KiB320 - 1)).status, 202);
      const last = await put(KiB320, data.length - 1);
      assert.equal(last.status, 201, JSON.stringify(last.body));
      assert.equal(last.body.file.size, data.length);
    });

    test('which Outlook contacts mirror a person: an unknown person, or one of another workspace, is 404', async () => {
      const person = (await ann.request('POST', '/api/people', { name: 'Pat Mirror' })).body as { id: string };
      const mine = await ann.request('GET', `/api/microsoft/contacts/people/${person.id}`);
      assert.equal(mine.status, 200, JSON.stringify(mine.body));
      assert.deepEqual(mine.body, { outlookContacts: [] });
      for (const [api, id] of [[ann, 'no-such-person'], [cat, person.id]] as const) {
        const r = await api.request('GET', `/api/microsoft/contacts/people/${id}`);
        assert.equal(r.status, 404, JSON.stringify(r.body));
        assert.equal(r.body.error.code, 'not_found');
        assert.match(r.body.error.message, /^Person not found/);
      }
    });

    test('a file on a deleted record no longer opens (404), like the record itself', async () => {
      const made = await control<{ id: string; parentReference: { driveId: string } }>(sandbox, 'POST', `/control/files/${annMailbox}/items`, { path: 'Orphan.txt', content: 'o' });
      const company = (await ann.request('POST', '/api/companies', { name: 'Short Lived' })).body as { id: string };
      const attached = await ann.request('POST', `/api/companies/${company.id}/files`, { items: [{ driveId: made.parentReference.driveId, itemId: made.id }] });
      assert.equal(attached.status, 201, JSON.stringify(attached.body));
      const linkId = attached.body.files[0].id as string;
      assert.equal((await ann.request('GET', `/api/files/${linkId}/open`)).status, 200);
      assert.equal((await ann.request('DELETE', `/api/companies/${company.id}`)).status, 204);
      const opened = await ann.request('GET', `/api/files/${linkId}/open`);
      assert.deepEqual([opened.status, opened.body.error?.code], [404, 'not_found'], JSON.stringify(opened.body));
    });

    test('a disconnect while files are being attached: the attach is a 409 and no link outlives the account', async () => {
      const { users } = await createTenantWithUsers(sandbox, { domain: `qd${randomBytes(3).toString('hex')}.onmicrosoft.com`, users: [{ userPrincipalName: 'dee', password }] });
      const dee = env.client();
      await dee.signup();
      const connected = await connectMicrosoft({ api: dee, sandbox, upn: users[0]!.userPrincipalName, password, features: ['onedrive'] });
      assert.ok(connected.ok);
      const items = [];
      for (let i = 0; i < 5; i++) {
        const made = await control<{ id: string; parentReference: { driveId: string } }>(sandbox, 'POST', `/control/files/${users[0]!.id}/items`, { path: `Race/${i}.txt`, content: 'r' });
        items.push({ driveId: made.parentReference.driveId, itemId: made.id });
      }
      const company = (await dee.request('POST', '/api/companies', { name: 'Race Ltd' })).body as { id: string };
      const account = await env.database.db.selectFrom('microsoft_accounts').select('id').where('user_id', '=', dee.user!.id).executeTakeFirstOrThrow();
      // Graph answers slowly, so the disconnect and its purge run while the items are still being read.
      await control(sandbox, 'PUT', '/control/mail/throttling', { latencyMs: 600 });
      try {
        const attaching = dee.request('POST', `/api/companies/${company.id}/files`, { items });
        await new Promise((r) => setTimeout(r, 150));
        assert.equal((await dee.request('POST', '/api/microsoft/disconnect', {})).status, 202);
        const attached = await attaching;
        assert.deepEqual([attached.status, attached.body.error?.code], [409, 'not_connected'], JSON.stringify(attached.body));
        assert.match(attached.body.error.message, /disconnected/);
        await waitFor(async () => !(await env.database.db.selectFrom('microsoft_accounts').select('id').where('id', '=', account.id).executeTakeFirst()), { timeoutMs: 30_000, message: 'the disconnect never finished' });
      } finally {
        await control(sandbox, 'PUT', '/control/mail/throttling', { latencyMs: 0 });
      }
      const left = await env.database.db.selectFrom('file_links').select('id').where('account_id', '=', account.id).execute();
      assert.deepEqual(left, [], 'no link of the disconnected account');
      assert.deepEqual((await dee.request('GET', `/api/companies/${company.id}/files`)).body.files, []);
    });
  });
}
