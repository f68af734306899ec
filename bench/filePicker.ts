/**
 * The files picker on a big folder: GET /api/files/browse for a folder of 5,000 items (the first
 * page, 200 items, with breadcrumbs) at Graph latency 50 ms, one request after another, BENCH_ROUNDS
 * (default 100) times after a first visit (printed apart: only then is the folder asked for besides its
 * page). Target (issue 12): p99 ≤ 150 ms. The sandbox runs in its own process; Tandem
 * runs in this one, as in the other latency benchmarks.
 */
import { randomBytes } from 'node:crypto';
import { connectMicrosoft, startMicrosoftTestEnv } from '../test/helpers/microsoft.js';
import { control, createTenantWithUsers } from '../test/helpers/sandbox.js';
import { initialDone } from '../test/microsoft/syncHelpers.js';
import type { MicrosoftTestEnv } from '../test/helpers/microsoft.js';
import { PAGE_SIZE } from '../src/app/microsoft/files/browse.js';
import { pct, sized, startSandboxProcess } from './env.js';
import { loadAverage, setGraphLatency } from './lib/calendarBench.js';

const ITEMS = sized(5000, 300);
const ROUNDS = sized(Number(process.env.BENCH_ROUNDS ?? 100), 5);
const GRAPH_LATENCY_MS = 50;


/** Every sync of the account idle (caught up, no page pending) for a second. */
async function settledSync(env: MicrosoftTestEnv): Promise<void> {
  const account = await env.database.db.selectFrom('microsoft_accounts').select('id').executeTakeFirstOrThrow();
  for (let quiet = 0; quiet < 5;) {
    await new Promise((r) => setTimeout(r, 200));
    quiet = (await initialDone(env, account.id)) ? quiet + 1 : 0;
  }
}
const sandbox = await startSandboxProcess({ notificationDelayMs: 0 });
const env = await startMicrosoftTestEnv({ kind: 'sqlite', sandbox });
try {
  const { users } = await createTenantWithUsers(sandbox, { domain: `fp${randomBytes(3).toString('hex')}.onmicrosoft.com`, users: [{ userPrincipalName: 'ann', password: 'pw-Ann-1' }] });
  const api = env.client();
  await api.signup();
  const connected = await connectMicrosoft({ api, sandbox, upn: users[0]!.userPrincipalName, password: 'pw-Ann-1', features: ['onedrive'] });
  if (!connected.ok) throw new Error(`connect failed: ${connected.error}`);
  const filled = await control<{ folderId: string }>(sandbox, 'POST', `/control/files/${users[0]!.id}/bulk`, { path: 'Projects/Big', files: ITEMS - 20, folders: 20 });
  // The bulk fill is a change in the OneDrive: the drive sync reads it through delta (5,000 items).
  // The picker is measured in the steady state after it, not competing with that read for the account's 4 Graph slots.
  await settledSync(env);
  await setGraphLatency(sandbox, GRAPH_LATENCY_MS);

  const path = `/api/files/browse?itemId=${encodeURIComponent(filled.folderId)}`;
  // The first visit: nothing about the folder remembered (its trail is worked out from Graph).
  const c0 = performance.now();
  const first = await api.request('GET', path);
  const cold = performance.now() - c0;
  if (first.status !== 200) throw new Error(`browse answered ${first.status}: ${JSON.stringify(first.body)}`);
  const ms: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const t0 = performance.now();
    const r = await api.request<{ items: unknown[]; nextCursor: string | null; breadcrumbs: unknown[] }>('GET', path);
    ms.push(performance.now() - t0);
    if (r.status !== 200 || r.body.items.length !== PAGE_SIZE || !r.body.nextCursor || r.body.breadcrumbs.length !== 3) throw new Error(`unexpected page: ${r.status}`);
  }
  console.log(`picker first page of a ${ITEMS}-item folder (${PAGE_SIZE} items, breadcrumbs) at Graph latency ${GRAPH_LATENCY_MS} ms: ${ROUNDS} requests, ` +
    `p50 ${pct(ms, 50).toFixed(0)} ms, p99 ${pct(ms, 99).toFixed(0)} ms, max ${Math.max(...ms).toFixed(0)} ms (target p99 ≤ 150 ms)`);
  console.log(`first visit of the folder (its trail not yet remembered): ${cold.toFixed(0)} ms`);
  console.log(`load average: ${await loadAverage()}`);
} finally {
  await env.close();
  await sandbox.close();
}
