/**
 * A 200 MB upload through Tandem's upload routes (POST …/files/uploads, then PUT chunks of the
 * ticket's chunkSize) into the sandbox's OneDrive: throughput, and the Tandem server's resident
 * memory. Tandem runs in its own process (bin/tandem.ts, SQLite), so the client's buffers and the
 * sandbox (another process) do not count; its RSS is read from /proc/<pid>/status every 20 ms.
 * Target (issue 12): peak under 150 MB above idle: chunks stream through, never held whole.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectMicrosoft } from '../test/helpers/microsoft.js';
import { freePort } from '../test/helpers/process.js';
import { control, createTenantWithUsers, registerApp } from '../test/helpers/sandbox.js';
import { ApiClient } from '../test/helpers/server.js';
import { waitFor } from '../test/helpers/wait.js';
import { sized, startSandboxProcess } from './env.js';
import { loadAverage } from './lib/calendarBench.js';

const SIZE = sized(200_000_000, 12_000_000);
const MB = 1_000_000;

const rssOf = (pid: number): number => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN) * 1024;

const sandbox = await startSandboxProcess({ notificationDelayMs: 0 });
const port = await freePort();
const url = `http://127.0.0.1:${port}`;
const app = await registerApp(sandbox, { redirectUris: [`${url}/auth/microsoft/callback`] });
const dataDir = mkdtempSync(join(tmpdir(), 'tandem-upload-bench-'));
let out = '';
const child = spawn(process.execPath, ['--import', 'tsx', 'bin/tandem.ts'], {
  env: {
    ...process.env, HOST: '127.0.0.1', PORT: String(port), PUBLIC_URL: url, LOG_LEVEL: 'warn', TANDEM_DATA_DIR: dataDir,
    DATABASE_URL: `sqlite:${join(dataDir, 'tandem.sqlite')}`, TANDEM_SECRET_KEY: randomBytes(32).toString('hex'),
    MS_CLIENT_ID: app.clientId, MS_CLIENT_SECRET: app.clientSecret, MS_TENANT: 'organizations',
    MS_LOGIN_URL: sandbox.urls.login, MS_GRAPH_URL: sandbox.urls.graph, MS_CA_FILE: sandbox.caFile, FILES_MAX_UPLOAD_MB: '1024',
  },
  stdio: ['ignore', 'pipe', 'pipe'],
});
child.stdout.on('data', (d: Buffer) => (out += d.toString()));
child.stderr.on('data', (d: Buffer) => (out += d.toString()));
const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
try {
  await waitFor(async () => out.includes('Tandem is running') && (await fetch(`${url}/readyz`).catch(() => undefined))?.ok, { timeoutMs: 120_000, message: `Tandem never started:\n${out}` });
  const { users } = await createTenantWithUsers(sandbox, { domain: `fu${randomBytes(3).toString('hex')}.onmicrosoft.com`, users: [{ userPrincipalName: 'ann', password: 'pw-Ann-1' }] });
  const api = new ApiClient(url);
  await api.signup();
  const connected = await connectMicrosoft({ api, sandbox, upn: users[0]!.userPrincipalName, password: 'pw-Ann-1', features: ['onedrive'] });
  if (!connected.ok) throw new Error(`connect failed: ${connected.error} ${connected.callbackBody}`);
  const company = (await api.request<{ id: string }>('POST', '/api/companies', { name: 'Bench Co' })).body;

  // Idle: connected, the first drive sync done, nothing in flight (the median of 2 s of samples).
  await new Promise((r) => setTimeout(r, 3000));
  const idleSamples: number[] = [];
  for (let i = 0; i < 40; i++) {
    idleSamples.push(rssOf(child.pid!));
    await new Promise((r) => setTimeout(r, 50));
  }
  const idle = idleSamples.sort((a, b) => a - b)[idleSamples.length >> 1]!;

  let peak = idle;
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      peak = Math.max(peak, rssOf(child.pid!));
      await new Promise((r) => setTimeout(r, 20));
    }
  })();

  const t0 = performance.now();
  const ticket = await api.request<{ uploadId: string; chunkSize: number }>('POST', `/api/companies/${company.id}/files/uploads`, { name: 'Big.bin', size: SIZE });
  if (ticket.status !== 201) throw new Error(`start answered ${ticket.status}: ${JSON.stringify(ticket.body)}`);
  const { uploadId, chunkSize } = ticket.body;
  const block = randomBytes(chunkSize);
  let chunks = 0;
  let file: { name: string; size: number } | undefined;
  for (let at = 0; at < SIZE; at += chunkSize) {
    const end = Math.min(at + chunkSize, SIZE);
    const r = await fetch(`${url}/api/files/uploads/${uploadId}`, {
      method: 'PUT',
      headers: { cookie: `tandem_session=${api.cookie}`, 'x-csrf-token': api.csrfToken!, 'content-type': 'application/octet-stream', 'content-range': `bytes ${at}-${end - 1}/${SIZE}` },
      body: block.subarray(0, end - at),
    });
    const body = (await r.json()) as { file?: { name: string; size: number } };
    chunks++;
    if (end < SIZE ? r.status !== 202 : r.status !== 201) throw new Error(`chunk at ${at} answered ${r.status}: ${JSON.stringify(body)}`);
    file = body.file;
  }
  const seconds = (performance.now() - t0) / 1000;
  sampling = false;
  await sampler;
  const inDrive = await control<{ value: Array<{ name: string; size: number }> }>(sandbox, 'GET', `/control/files/${users[0]!.id}/items?path=${encodeURIComponent('Tandem/Companies/Bench Co')}`);
  const stored = inDrive.value.find((i) => i.name === 'Big.bin');
  if (!file || file.size !== SIZE || stored?.size !== SIZE) throw new Error(`the upload did not arrive whole: ${JSON.stringify({ file, stored })}`);
  console.log(`file upload of ${SIZE / MB} MB through Tandem's upload routes in ${chunks} chunks of ${chunkSize} bytes: ${(SIZE / MB / seconds).toFixed(1)} MB/s (${seconds.toFixed(1)} s); ` +
    `Tandem server RSS idle ${(idle / MB).toFixed(0)} MB, peak ${(peak / MB).toFixed(0)} MB (+${((peak - idle) / MB).toFixed(0)} MB), sampled every 20 ms from /proc of its own process; ` +
    `attached ${file.name}, ${file.size} bytes in OneDrive`);
  console.log(`load average: ${await loadAverage()}`);
} finally {
  child.kill('SIGTERM');
  await exited;
  await sandbox.close();
}
