/** Webhook intake: notification POSTs per second with p99 answer time, and every accepted one consumed by a sync. */
import { Pool } from 'undici';
import { waitFor } from '../test/helpers/wait.js';
import { benchEnv, pct } from './env.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 64);
const b = await benchEnv(10);
try {
  const { env, user } = b;
  const db = env.database.db;
  const sub = await waitFor(() => db.selectFrom('microsoft_subscriptions').selectAll().where('account_id', '=', user.accountId).where('status', '=', 'active').executeTakeFirst());
  const clientState = env.integration.box.open(sub.sealed_client_state);
  const pool = new Pool(env.url, { connections: CONCURRENCY, pipelining: 1 });
  const times: number[] = [];
  let n = 0;
  let errors = 0;
  const until = Date.now() + SECONDS * 1000;
  const worker = async () => {
    while (Date.now() < until) {
      const id = `bench-${n++}`;
      const body = JSON.stringify({ value: [{ subscriptionId: sub.graph_id, clientState, changeType: 'updated', resource: `Users/x/Messages/${id}`, resourceData: { id } }] });
      const t = performance.now();
      const res = await pool.request({ path: '/webhooks/microsoft', method: 'POST', headers: { 'content-type': 'application/json' }, body });
      await res.body.dump();
      times.push(performance.now() - t);
      if (res.statusCode !== 202) errors++;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const secs = (performance.now() - started) / 1000;
  await pool.close();
  console.log(`webhook intake: ${times.length} POSTs in ${secs.toFixed(1)} s = ${Math.round(times.length / secs)}/s, p50 ${pct(times, 50).toFixed(1)} ms, p99 ${pct(times, 99).toFixed(1)} ms, errors ${errors}, concurrency ${CONCURRENCY}`);
  const received = await db.selectFrom('microsoft_counters').select('value').where('account_id', '=', user.accountId).where('name', '=', 'notifications_received').executeTakeFirst();
  console.log(`notifications counted as received: ${received?.value}`);
  const t0 = Date.now();
  await waitFor(async () => (await db.selectFrom('microsoft_pending_changes').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n == 0, { timeoutMs: 120_000, message: 'pending changes never consumed' });
  console.log(`all accepted notifications consumed by sync runs ${((Date.now() - t0) / 1000).toFixed(1)} s after the load ended`);
} finally {
  await b.close();
}
