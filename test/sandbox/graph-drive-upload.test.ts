import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { QuickXor } from '../../sandbox/graph/drive/quickXor.js';
import { waitFor } from '../helpers/wait.js';
import { USERS } from './graphHarness.js';
import { assertGraphError, FILES_RW, startDriveHarness, upload, type DriveHarness, type DriveItem } from './driveHarness.js';

interface Session { uploadUrl: string; expirationDateTime: string; nextExpectedRanges: string[] }

const bytes = (n: number, seed = 1) => Buffer.from(Array.from({ length: n }, (_, i) => (i * 31 + seed) & 255));
const range = (start: number, end: number, total: number) => ({ 'content-range': `bytes ${start}-${end}/${total}`, 'content-length': String(end - start + 1) });

describe('sandbox Graph files: simple upload, upload sessions, downloads, quota', () => {
  let h: DriveHarness;
  let ann: string;
  before(async () => {
    h = await startDriveHarness();
    ann = h.token(USERS.ann, FILES_RW);
  });
  after(() => h.close());

  const session = async (path: string, body: unknown = {}) => {
    const r = await h.call<Session>('POST', `/v1.0/me/drive/root:/${path}:/createUploadSession`, ann, { body });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    return r.body;
  };
  const put = (url: string, chunk: Buffer, start: number, total: number, headers: Record<string, string> = {}) =>
    h.raw('PUT', url, null, chunk, { ...range(start, start + chunk.length - 1, total), ...headers });

  test('QuickXorHash matches the published test vector', () => {
    assert.deepEqual([...Buffer.from(new QuickXor().update(Buffer.from('hello world')).digest(), 'base64')],
      [104, 40, 3, 27, 216, 240, 6, 16, 220, 225, 13, 114, 107, 3, 25, 0, 0, 0, 0, 0]);
  });

  test('simple upload: PUT …/content creates (201), replaces (200, same item, new cTag), reports size and quickXorHash, reads back the same bytes', async () => {
    const data = bytes(70_000);
    const made = await upload(h, ann, 'Simple/blob.bin', data, 201);
    assert.equal(made.size, data.length);
    assert.equal(made.file!.hashes.quickXorHash, new QuickXor().update(data).digest());
    const next = bytes(1234, 9);
    const replaced = await upload(h, ann, 'Simple/blob.bin', next, 200);
    assert.equal(replaced.id, made.id);
    assert.notEqual(replaced.cTag, made.cTag);
    const byId = await h.raw('PUT', `/v1.0/me/drive/items/${made.id}/content`, ann, Buffer.from('third'));
    assert.equal(byId.status, 200);
    const loc = (await h.raw('GET', `/v1.0/me/drive/items/${made.id}/content`, ann)).headers.location as string;
    assert.deepEqual(Buffer.from((await h.raw('GET', loc, null)).body as Buffer).toString(), 'third');
    const empty = await h.raw('PUT', '/v1.0/me/drive/root:/Simple/empty.txt:/content', ann);
    assert.equal(empty.status, 201);
    assert.equal((empty.body as DriveItem).size, 0);
  });

  test("simple upload is limited to Graph's 250 MB: larger is 413 (the limit is a knob, shrunk here), and nothing is stored", async () => {
    assert.equal((await h.ctl<{ simpleUploadMaxBytes: number }>('GET', '/control/files/settings')).body.simpleUploadMaxBytes, 250 * 1024 * 1024);
    await h.ctl('PUT', '/control/files/settings', { simpleUploadMaxBytes: 1000 });
    try {
      assertGraphError(await h.raw('PUT', '/v1.0/me/drive/root:/Simple/too-big.bin:/content', ann, bytes(1001)), 413, 'requestTooLarge');
      // Without a Content-Length (chunked), the stream is cut off as soon as it passes the limit.
      const res = await h.app.inject({
        method: 'PUT', url: '/v1.0/me/drive/root:/Simple/chunked.bin:/content',
        headers: { host: 'graph.test', authorization: `Bearer ${ann}`, 'transfer-encoding': 'chunked' },
        payload: Readable.from([bytes(600), bytes(600)]),
      });
      assert.equal(res.statusCode, 413);
      assertGraphError(await h.call('GET', '/v1.0/me/drive/root:/Simple/too-big.bin:', ann), 404, 'itemNotFound');
      assertGraphError(await h.call('GET', '/v1.0/me/drive/root:/Simple/chunked.bin:', ann), 404, 'itemNotFound');
    } finally {
      await h.ctl('PUT', '/control/files/settings', { simpleUploadMaxBytes: 250 * 1024 * 1024 });
    }
  });

  test('createUploadSession answers a pre-authenticated uploadUrl on the Graph host and an expiry; fragments answer 202 with nextExpectedRanges, the last 201 with the item', async () => {
    const s = await session('Sessions/big.bin', { item: { '@microsoft.graph.conflictBehavior': 'rename' } });
    assert.match(s.uploadUrl, /^https:\/\/graph\.test\/_api\/v2\.0\/uploadSession\/[\w-]+$/);
    assert.ok(Date.parse(s.expirationDateTime) > Date.now());
    const data = bytes(1000);
    const first = await put(s.uploadUrl, data.subarray(0, 400), 0, 1000);
    assert.equal(first.status, 202);
    assert.deepEqual((first.body as Session).nextExpectedRanges, ['400-']);
    const status = await h.raw('GET', s.uploadUrl, null);
    assert.equal(status.status, 200);
    assert.deepEqual((status.body as Session).nextExpectedRanges, ['400-']);
    const second = await put(s.uploadUrl, data.subarray(400, 800), 400, 1000);
    assert.deepEqual((second.body as Session).nextExpectedRanges, ['800-']);
    const last = await put(s.uploadUrl, data.subarray(800), 800, 1000);
    assert.equal(last.status, 201, JSON.stringify(last.body));
    const item = last.body as DriveItem;
    assert.equal(item.name, 'big.bin');
    assert.equal(item.size, 1000);
    assert.equal(item.file!.hashes.quickXorHash, new QuickXor().update(data).digest());
    assertGraphError(await h.raw('GET', s.uploadUrl, null), 404, 'itemNotFound', 'a finished session is gone');
    // Updating an existing file through a session answers 200 with the same item.
    const upd = await h.call<Session>('POST', `/v1.0/me/drive/items/${item.id}/createUploadSession`, ann, { body: {} });
    const done = await put(upd.body.uploadUrl, Buffer.from('short'), 0, 5);
    assert.equal(done.status, 200);
    assert.equal((done.body as DriveItem).id, item.id);
    assert.equal((done.body as DriveItem).size, 5);
  });

  test('a fragment that breaks off is ignored and can be sent again; overlapping or skipped ranges are 416; a bad Content-Range is 400', async () => {
    const s = await session('Sessions/resume.bin');
    const data = bytes(900, 3);
    assert.equal((await put(s.uploadUrl, data.subarray(0, 300), 0, 900)).status, 202);
    // The connection drops half way through the second fragment.
    const broken = new Readable({ read() {} });
    broken.push(data.subarray(300, 450));
    setImmediate(() => broken.destroy(new Error('connection reset')));
    await h.app.inject({ method: 'PUT', url: s.uploadUrl.replace('https://graph.test', ''), headers: { host: 'graph.test', ...range(300, 599, 900) }, payload: broken }).catch(() => undefined);
    const afterBreak = await h.raw('GET', s.uploadUrl, null);
    assert.deepEqual((afterBreak.body as Session).nextExpectedRanges, ['300-'], 'none of the broken request\'s bytes count');
    // A fragment shorter than it declared is refused the same way (once the broken one's clean-up is done:
    // until then a second fragment for the session is 416 too).
    const short = await waitFor(async () => {
      const r = await h.raw('PUT', s.uploadUrl, null, data.subarray(300, 400), { 'content-range': 'bytes 300-599/900' });
      return r.status === 416 ? undefined : r;
    }, { message: 'the broken fragment is cleaned up' });
    assertGraphError(short, 400, 'invalidRequest');
    assertGraphError(await put(s.uploadUrl, data.subarray(0, 300), 0, 900), 416, 'invalidRange', 'already received');
    assertGraphError(await put(s.uploadUrl, data.subarray(200, 500), 200, 900), 416, 'invalidRange', 'overlapping');
    assertGraphError(await put(s.uploadUrl, data.subarray(600, 900), 600, 900), 416, 'invalidRange', 'out of order');
    assertGraphError(await h.raw('PUT', s.uploadUrl, null, data.subarray(300, 600)), 400, 'invalidRequest', 'no Content-Range');
    assertGraphError(await put(s.uploadUrl, data.subarray(300, 600), 300, 901), 400, 'invalidRequest', 'another total');
    assert.equal((await put(s.uploadUrl, data.subarray(300, 600), 300, 900)).status, 202, 'the resent fragment is taken');
    const last = await put(s.uploadUrl, data.subarray(600), 600, 900);
    assert.equal(last.status, 201);
    const loc = (await h.raw('GET', `/v1.0/me/drive/items/${(last.body as DriveItem).id}/content`, ann)).headers.location as string;
    assert.deepEqual(Buffer.from((await h.raw('GET', loc, null)).body as Buffer), data, 'the file is exactly the fragments, in order');
  });

  test('the upload URL takes no Authorization header (401); DELETE cancels; a session expires (lifetime shortened through the control API)', async () => {
    const s = await session('Sessions/cancel.bin');
    assertGraphError(await h.raw('PUT', s.uploadUrl, ann, Buffer.from('abc'), range(0, 2, 3)), 401, 'unauthenticated');
    assert.equal((await h.raw('DELETE', s.uploadUrl, null)).status, 204);
    assertGraphError(await put(s.uploadUrl, Buffer.from('abc'), 0, 3), 404, 'itemNotFound');

    await h.ctl('PUT', '/control/files/settings', { uploadSessionTtlMs: 60_000 });
    try {
      const short = await session('Sessions/expire.bin');
      assert.ok(Date.parse(short.expirationDateTime) - Date.now() <= 61_000);
      assert.equal((await put(short.uploadUrl, Buffer.from('ab'), 0, 4)).status, 202);
      h.advanceClock(61_000);
      assertGraphError(await put(short.uploadUrl, Buffer.from('cd'), 2, 4), 404, 'itemNotFound', 'expired');
      assertGraphError(await h.raw('GET', short.uploadUrl, null), 404, 'itemNotFound');
    } finally {
      await h.ctl('PUT', '/control/files/settings', { uploadSessionTtlMs: 15 * 60_000 });
    }
  });

  test('conflicts: a session for an existing name fails up front by default (409); with deferCommit the file appears only on the final POST', async () => {
    await upload(h, ann, 'Sessions/exists.txt', 'x', 201);
    assertGraphError(await h.call('POST', '/v1.0/me/drive/root:/Sessions/exists.txt:/createUploadSession', ann, { body: {} }), 409, 'nameAlreadyExists');
    assertGraphError(await h.call('POST', '/v1.0/me/drive/root:/Sessions/new.txt:/createUploadSession', ann, { body: { item: { name: 'other.txt' } } }), 400, 'invalidRequest');
    const s = await session('Sessions/deferred.txt', { deferCommit: true });
    const r = await put(s.uploadUrl, Buffer.from('deferred'), 0, 8);
    assert.equal(r.status, 202);
    assertGraphError(await h.call('GET', '/v1.0/me/drive/root:/Sessions/deferred.txt:', ann), 404, 'itemNotFound');
    const fin = await h.raw('POST', s.uploadUrl, null);
    assert.equal(fin.status, 201);
    assert.equal((fin.body as DriveItem).name, 'deferred.txt');
  });

  test('GET …/content is a 302 to a pre-authenticated URL that needs no token, serves ranges, and expires (401)', async () => {
    const f = await upload(h, ann, 'Down/file.txt', '0123456789', 201);
    const r = await h.raw('GET', `/v1.0/me/drive/items/${f.id}/content`, ann);
    assert.equal(r.status, 302);
    const loc = String(r.headers.location);
    assert.match(loc, /^https:\/\/graph\.test\/_layouts\/15\/download\.aspx\?UniqueId=[0-9a-f-]{36}&tempauth=/);
    const got = await h.raw('GET', loc, null);
    assert.equal(got.status, 200);
    assert.equal(Buffer.from(got.body as Buffer).toString(), '0123456789');
    assert.equal(got.headers['content-type'], 'text/plain');
    const part = await h.raw('GET', loc, null, undefined, { range: 'bytes=2-5' });
    assert.equal(part.status, 206);
    assert.equal(Buffer.from(part.body as Buffer).toString(), '2345');
    assert.equal(part.headers['content-range'], 'bytes 2-5/10');
    assert.equal((await h.raw('GET', loc, null, undefined, { range: 'bytes=20-30' })).status, 416);
    assertGraphError(await h.raw('GET', loc.replace(/tempauth=.{4}/, 'tempauth=AAAA'), null), 401, 'unauthenticated', 'tampered');
    h.advanceClock(60 * 60_000 + 1000);
    assertGraphError(await h.raw('GET', loc, null), 401, 'unauthenticated', 'expired after an hour');
    const fresh = await h.raw('GET', `/v1.0/me/drive/items/${f.id}/content`, ann);
    assert.equal((await h.raw('GET', String(fresh.headers.location), null)).status, 200);
  });

  test('quota: a simple upload, a session (fileSize up front, or its first fragment) and a replace that do not fit are 507 quotaLimitReached', async () => {
    const drive = (await h.call<{ id: string; quota: { used: number } }>('GET', '/v1.0/me/drive', ann)).body;
    await h.ctl('PUT', `/control/files/${drive.id}/quota`, { total: drive.quota.used + 100 });
    try {
      assertGraphError(await h.raw('PUT', '/v1.0/me/drive/root:/Quota/big.bin:/content', ann, bytes(101)), 507, 'quotaLimitReached');
      const fits = await upload(h, ann, 'Quota/small.bin', bytes(60), 201);
      assertGraphError(await h.raw('PUT', `/v1.0/me/drive/items/${fits.id}/content`, ann, bytes(101)), 507, 'quotaLimitReached', 'a replace counts the new size');
      assert.equal((await h.raw('PUT', `/v1.0/me/drive/items/${fits.id}/content`, ann, bytes(100))).status, 200, 'replacing frees the old size');
      assertGraphError(await h.call('POST', '/v1.0/me/drive/root:/Quota/s.bin:/createUploadSession', ann, { body: { item: { fileSize: 5000 } } }), 507, 'quotaLimitReached');
      const s = await session('Quota/s2.bin');
      assertGraphError(await put(s.uploadUrl, bytes(10), 0, 5000), 507, 'quotaLimitReached');
      const q = (await h.call<{ quota: { remaining: number; state: string } }>('GET', '/v1.0/me/drive', ann)).body.quota;
      assert.equal(q.remaining, 0);
      assert.equal(q.state, 'exceeded');
    } finally {
      await h.ctl('PUT', `/control/files/${drive.id}/quota`, { total: 1024 ** 4 });
    }
  });
});
