import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { request } from 'node:https';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { after, before, describe, test } from 'node:test';
import type { DirectoryUser } from '../../sandbox/core/directory.js';
import { QuickXor } from '../../sandbox/graph/drive/quickXor.js';
import { control, createTenantWithUsers, registerApp, startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';

const MB = 1024 * 1024;

/** A deterministic byte stream of `total` bytes, hashed as it is produced. */
function* chunks(total: number, size: number, hash: QuickXor): Generator<Buffer> {
  const block = Buffer.alloc(size);
  for (let sent = 0, n = 0; sent < total; n++) {
    const len = Math.min(size, total - sent);
    block.fill(n & 255);
    const out = Buffer.from(block.subarray(0, len));
    hash.update(out);
    sent += len;
    yield out;
  }
}

// A full collection on demand, so that what is sampled is memory still held, not garbage not yet collected.
setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc') as () => void;

/** Samples the process's heap and off-heap buffers (after a collection) while `work` runs; returns the peak growth in bytes. */
async function peakGrowth<T>(work: () => Promise<T>): Promise<{ result: T; growth: number }> {
  const used = () => {
    collect();
    const m = process.memoryUsage();
    return m.heapUsed + m.external;
  };
  const base = used();
  let peak = base;
  const timer = setInterval(() => { peak = Math.max(peak, used()); }, 500);
  try {
    const result = await work();
    peak = Math.max(peak, used());
    return { result, growth: peak - base };
  } finally {
    clearInterval(timer);
  }
}

// Over HTTPS, in the test's own process: what the sandbox holds in memory is this process's memory.
describe('sandbox Graph files over HTTPS: streaming uploads and downloads, upload sessions, a 5,000-item folder', () => {
  let sb: TestSandbox;
  let user: DirectoryUser;
  let clientId: string;
  const auth = () => ({ authorization: `Bearer ${sb.identity.tokens.issue({ user, clientId, granted: new Set(['Files.ReadWrite']), clientInfo: false }).access_token}` });
  before(async () => {
    sb = await startTestSandbox();
    const { users } = await createTenantWithUsers(sb, { domain: 'drivestream.onmicrosoft.com', users: [{ userPrincipalName: 'sam', password: 'pw' }] });
    user = users[0]!;
    clientId = (await registerApp(sb, { redirectUris: ['https://app.test/callback'] })).clientId;
  });
  after(() => sb.close());

  test('a 200 MB simple upload streams to disk (the process never holds it), and downloads back through the redirect with the same hash', async () => {
    const total = 200 * MB;
    const sent = new QuickXor();
    // Node's own client, whose request stream honours backpressure: the only copy of the file is the one on disk.
    const up = await peakGrowth(async () => {
      const url = new URL(`${sb.urls.graph}/v1.0/me/drive/root:/Big/200mb.bin:/content`);
      const res = await new Promise<IncomingMessage>((resolve, reject) => {
        const req = request(url, { method: 'PUT', ca: sb.caPem, headers: { ...auth(), 'content-type': 'application/octet-stream' } }, resolve);
        req.on('error', reject);
        pipeline(Readable.from(chunks(total, 256 * 1024, sent), { objectMode: false }), req).catch(reject);
      });
      let text = '';
      for await (const chunk of res) text += String(chunk);
      return { status: res.statusCode, body: JSON.parse(text) as { id: string; size: number; file: { hashes: { quickXorHash: string } } } };
    });
    assert.equal(up.result.status, 201, JSON.stringify(up.result.body));
    assert.equal(up.result.body.size, total);
    assert.equal(up.result.body.file.hashes.quickXorHash, sent.digest());
    assert.ok(up.growth < 100 * MB, `uploading 200 MB grew the heap and buffers by ${Math.round(up.growth / MB)} MB`);

    const redirect = await sb.fetch(`${sb.urls.graph}/v1.0/me/drive/items/${up.result.body.id}/content`, { headers: auth(), redirect: 'manual' });
    assert.equal(redirect.status, 302);
    const got = new QuickXor();
    const down = await peakGrowth(async () => {
      const r = await sb.fetch(redirect.headers.get('location')!);
      let size = 0;
      for await (const chunk of r.body!) {
        size += (chunk as Uint8Array).length;
        got.update(chunk as Uint8Array);
      }
      return { status: r.status, size, length: r.headers.get('content-length') };
    });
    assert.equal(down.result.status, 200);
    assert.equal(down.result.size, total);
    assert.equal(down.result.length, String(total));
    assert.equal(got.digest(), sent.digest());
    assert.ok(down.growth < 100 * MB, `downloading 200 MB grew the heap and buffers by ${Math.round(down.growth / MB)} MB`);
  });

  test('an upload session over HTTPS: 320 KiB-multiple fragments without a token, 202s then 201', async () => {
    const s = await sb.fetch(`${sb.urls.graph}/v1.0/me/drive/root:/Big/session.bin:/createUploadSession`, {
      method: 'POST', headers: { ...auth(), 'content-type': 'application/json' }, body: JSON.stringify({ item: { '@microsoft.graph.conflictBehavior': 'replace' } }),
    });
    assert.equal(s.status, 200);
    const { uploadUrl } = (await s.json()) as { uploadUrl: string };
    assert.ok(uploadUrl.startsWith(sb.urls.graph), uploadUrl);
    const fragment = 3 * 327_680;
    const total = 3 * fragment + 1000;
    const hash = new QuickXor();
    const data = Buffer.concat([...chunks(total, 64 * 1024, hash)]);
    let last: Response | undefined;
    for (let start = 0; start < total; start += fragment) {
      const part = data.subarray(start, Math.min(total, start + fragment));
      last = await sb.fetch(uploadUrl, { method: 'PUT', headers: { 'content-range': `bytes ${start}-${start + part.length - 1}/${total}` }, body: part }) as unknown as Response;
      const body = (await last.json()) as { nextExpectedRanges?: string[] };
      if (start + part.length < total) {
        assert.equal(last.status, 202);
        assert.deepEqual(body.nextExpectedRanges, [`${start + part.length}-`]);
      } else {
        assert.equal(last.status, 201, JSON.stringify(body));
        assert.equal((body as { file: { hashes: { quickXorHash: string } } }).file.hashes.quickXorHash, hash.digest());
      }
    }
  });

  test('the control API fills a folder with 5,000 files quickly, and Graph pages through all of them', async () => {
    const started = performance.now();
    const made = await control<{ files: number; folderId: string; ms: number }>(sb, 'POST', `/control/files/${user.userPrincipalName}/bulk`, { path: 'Picker', files: 5000 });
    const ms = performance.now() - started;
    assert.equal(made.files, 5000);
    assert.ok(ms < 5000, `5,000 files took ${Math.round(ms)} ms`);
    let next: string | undefined = `${sb.urls.graph}/v1.0/me/drive/items/${made.folderId}/children?$top=1000&$select=id,name`;
    const names: string[] = [];
    while (next) {
      const r = await sb.fetch(next, { headers: auth() });
      const page = (await r.json()) as { value: Array<{ name: string }>; '@odata.nextLink'?: string };
      names.push(...page.value.map((i) => i.name));
      next = page['@odata.nextLink'];
    }
    assert.equal(names.length, 5000);
    assert.equal(new Set(names).size, 5000);
    assert.equal(names[0], 'File 0001.txt');
  });
});
