/**
 * OneDrive → a record's Files panel: a linked file renamed in the sandbox's OneDrive (through its
 * control API, "in OneDrive") until the SSE event naming its record (files.changed) reaches a
 * connected client, at Graph latency 50 ms (notification delay 0: Graph's own < 1 min is not
 * Tandem's). 5 renames a second, BENCH_FILES (≥ 200) of them, each file linked to its own company.
 */
import { control } from '../test/helpers/sandbox.js';
import { waitFor } from '../test/helpers/wait.js';
import { addDriveFile, changeDriveItem } from '../test/microsoft/driveHelpers.js';
import { connectUser, startSyncEnv } from '../test/microsoft/syncHelpers.js';
import { pct, SMOKE, startSandboxProcess } from './env.js';
import { loadAverage, setGraphLatency, sseClient } from './lib/calendarBench.js';

const FILES = SMOKE ? 5 : Math.max(200, Number(process.env.BENCH_FILES ?? 200));
const PER_SECOND = 5;
const GRAPH_LATENCY_MS = 50;

const sandbox = await startSandboxProcess({ notificationDelayMs: 0 });
const { env } = await startSyncEnv(sandbox, 'sqlite');
let stream: AbortController | undefined;
try {
  const user = await connectUser(env, sandbox, 0, ['onedrive']);
  // Replays would only add noise to the timing.
  await control(sandbox, 'PUT', '/control/delta/replays', { resource: 'drive', mode: 'off', emptyPages: false });
  await waitFor(async () => !!(await env.database.db.selectFrom('microsoft_subscriptions').select('graph_id').where('account_id', '=', user.accountId)
    .where('resource_kind', '=', 'files').where('status', '=', 'active').executeTakeFirst()), { timeoutMs: 20_000, message: 'no drive subscription' });

  const files: Array<{ itemId: string; companyId: string }> = [];
  for (let i = 0; i < FILES; i++) {
    const item = await addDriveFile(sandbox, user.mailboxId, `Bench/File ${String(i).padStart(4, '0')}.txt`);
    const company = (await user.api.request('POST', '/api/companies', { name: `Bench company ${i}` })).body as { id: string };
    const r = await user.api.request('POST', `/api/companies/${company.id}/files`, { items: [{ driveId: item.parentReference.driveId, itemId: item.id }] });
    if (r.status !== 201) throw new Error(`attach answered ${r.status}: ${JSON.stringify(r.body)}`);
    files.push({ itemId: item.id, companyId: company.id });
  }

  const sent = new Map<string, number>();
  const latency = new Map<string, number>();
  let events = 0;
  stream = await sseClient(env, user.api.cookie!, 'files.changed', (data, at) => {
    events += 1;
    for (const r of (data as { records: Array<{ recordId: string }> }).records) {
      const t0 = sent.get(r.recordId);
      if (t0 !== undefined && !latency.has(r.recordId)) latency.set(r.recordId, at - t0);
    }
  });

  await setGraphLatency(sandbox, GRAPH_LATENCY_MS);
  const requests0 = env.integration.graph.stats().byAccount.get(user.accountId) ?? 0;
  const start = performance.now();
  for (let i = 0; i < FILES; i++) {
    const wait = start + (i * 1000) / PER_SECOND - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const f = files[i]!;
    sent.set(f.companyId, performance.now());
    await changeDriveItem(sandbox, user.mailboxId, f.itemId, { name: `Renamed ${String(i).padStart(4, '0')}.txt` });
  }
  await waitFor(() => files.every((f) => latency.has(f.companyId)), { timeoutMs: 60_000, message: `no files.changed for ${files.filter((f) => !latency.has(f.companyId)).length} renames` });
  const xs = files.map((f) => latency.get(f.companyId)!);
  const requests = (env.integration.graph.stats().byAccount.get(user.accountId) ?? 0) - requests0;
  const renamed = Number((await env.database.db.selectFrom('file_links').select((eb) => eb.fn.countAll<number>().as('n'))
    .where('account_id', '=', user.accountId).where('name', 'like', 'Renamed %').executeTakeFirstOrThrow()).n);
  console.log(`drive change to Files panel at Graph latency ${GRAPH_LATENCY_MS} ms: ${xs.length} of ${FILES} renames over SSE at ${PER_SECOND}/s, p50 ${pct(xs, 50).toFixed(0)} ms, ` +
    `p99 ${pct(xs, 99).toFixed(0)} ms, max ${Math.max(...xs).toFixed(0)} ms; ${renamed} links renamed; ${events} files.changed events; ${(requests / FILES).toFixed(2)} Graph requests per rename`);
  console.log(`load average: ${await loadAverage()}`);
} finally {
  stream?.abort();
  await env.close();
  await sandbox.close();
}
