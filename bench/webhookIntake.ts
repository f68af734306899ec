/**
 * Webhook intake: notification POSTs per second and answer times, measured by a load generator in
 * its own process (bench/lib/loadgen.ts) against the real server on SQLite, with the worker and
 * sync runs live in the server process. Then checks that every accepted notification was counted
 * and consumed by a sync run (the pending table drains to empty).
 *
 * Phases: "closed" (BENCH_CONCURRENCY requests back to back: the ceiling) and "open" (BENCH_RATE
 * per second on a fixed schedule: the sustained rate, p99 measured from each scheduled start).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { waitFor } from '../test/helpers/wait.js';
import { benchEnv, sized } from './env.js';
import { runLoad } from './lib/spawnLoad.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? sized(10, 1));
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? sized(32, 4));
const RATE = Number(process.env.BENCH_RATE ?? sized(5000, 200));
const WARMUP = Number(process.env.BENCH_WARMUP ?? sized(2, 0.5));

const b = await benchEnv(sized(2000, 100));
try {
  const { env, user } = b;
  const db = env.database.db;
  const sub = await waitFor(() => db.selectFrom('microsoft_subscriptions').selectAll().where('account_id', '=', user.accountId).where('status', '=', 'active').executeTakeFirst());
  // Graph names real messages: every POST names one of the mailbox's messages (an update, e.g. read on another device).
  const idsFile = join(b.sandbox.dataDir, 'ids.txt');
  writeFileSync(idsFile, (await db.selectFrom('emails').select('graph_id').where('account_id', '=', user.accountId).execute()).map((r) => r.graph_id).join('\n'));
  const base = { idsFile, url: env.url, path: '/webhooks/microsoft', seconds: SECONDS, subscriptionId: sub.graph_id!, clientState: env.integration.box.open(sub.sealed_client_state) };
  const counted = async () => Number((await db.selectFrom('microsoft_counters').select('value').where('account_id', '=', user.accountId).where('name', '=', 'notifications_received:mail').executeTakeFirst())?.value ?? 0);
  const pendingCount = async () => Number((await db.selectFrom('microsoft_pending_changes').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

  // Every 202, warm-up included: all of them must be counted and consumed.
  let accepted = 0;
  // For `node --cpu-prof` runs: the window to read in the profile (CLOCK_MONOTONIC microseconds, as the profile's).
  if (process.env.BENCH_MARK) console.log(`mark load-start ${process.hrtime.bigint() / 1000n}`);
  const before = await counted();
  for (const phase of [
    { mode: 'closed' as const, concurrency: CONCURRENCY, warmupSeconds: WARMUP },
    { mode: 'open' as const, concurrency: 256, rate: RATE, warmupSeconds: WARMUP },
  ]) {
    if (process.env.BENCH_MARK) console.log(`mark ${phase.mode}-start ${process.hrtime.bigint() / 1000n}`);
    const loop = monitorEventLoopDelay({ resolution: 5 });
    loop.enable();
    const cpu0 = process.cpuUsage();
    const graph0 = env.integration.graph.stats().byAccount.get(user.accountId) ?? 0;
    const r = await runLoad({ ...base, ...phase });
    const cpu = process.cpuUsage(cpu0);
    loop.disable();
    const graphCalls = (env.integration.graph.stats().byAccount.get(user.accountId) ?? 0) - graph0;
    accepted += r.okAll;
    const label = `${phase.mode === 'closed' ? `closed loop, concurrency ${CONCURRENCY}` : `open loop at ${RATE}/s`}, after ${WARMUP} s warm-up`;
    console.log(`webhook intake (${label}): ${r.sent} POSTs in ${r.seconds.toFixed(1)} s = ${Math.round(r.perSecond)}/s, ` +
      `p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms, max ${r.max.toFixed(0)} ms, non-202 ${r.errors}; CPU s: server ${((cpu.user + cpu.system) / 1e6).toFixed(1)}, generator ${r.cpuSeconds.toFixed(1)}; Graph requests by sync runs meanwhile ${graphCalls}; server event-loop delay p99 ${(loop.percentile(99) / 1e6).toFixed(0)} ms, max ${(loop.max / 1e6).toFixed(0)} ms; answers > 100 ms by second ${JSON.stringify(r.slowBySecond)}`);
  }
  if (process.env.BENCH_MARK) console.log(`mark load-end ${process.hrtime.bigint() / 1000n}`);
  const t0 = Date.now();
  await waitFor(async () => (await pendingCount()) === 0, { timeoutMs: 180_000, intervalMs: 100, message: 'pending changes never consumed' });
  const received = (await counted()) - before;
  console.log(`accepted (202) ${accepted}, counted as received ${received}; every pending change consumed by sync runs ${((Date.now() - t0) / 1000).toFixed(1)} s after the load ended`);
  if (received !== accepted) throw new Error(`accepted ${accepted} but counted ${received}`);
} finally {
  await b.close();
}
