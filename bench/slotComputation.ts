/**
 * Slot computation: the public free-times request for a page over 60 days (15-minute slots, all
 * day, every day) with 2,000 busy Outlook events synced in that range, end to end over HTTP.
 * BENCH_REQUESTS (≥ 200) sequential requests; p50 and p99.
 */
import { pct, SMOKE } from './env.js';
import { loadAverage } from './lib/calendarBench.js';
import { schedulingBench } from './lib/schedulingBench.js';

// A few generated events fall before now or after day 60: 2,100 leaves at least 2,000 inside.
const BUSY = SMOKE ? 50 : 2_100;
const REQUESTS = SMOKE ? 10 : Math.max(200, Number(process.env.BENCH_REQUESTS ?? 200));
const DAY = 86_400_000;

const b = await schedulingBench(BUSY);
try {
  const from = new Date(Date.now() + 60_000).toISOString();
  const to = new Date(Date.now() + 60 * DAY).toISOString();
  const busy = await b.env.database.db.selectFrom('calendar_events').select((eb) => eb.fn.countAll().as('n')).where('account_id', '=', b.owner.accountId).where('start_utc', '<', to).where('end_utc', '>', from).executeTakeFirst();
  const url = `${b.env.url}/api/public/book/${b.slug}/slots?from=${from}&to=${to}&duration=15`;
  const xs: number[] = [];
  let slots = 0;
  for (let i = 0; i < REQUESTS; i++) {
    const t0 = performance.now();
    const res = await fetch(url);
    const body = (await res.json()) as { slots: string[] };
    xs.push(performance.now() - t0);
    if (res.status !== 200) throw new Error(`slots answered ${res.status}`);
    slots = body.slots.length;
  }
  console.log(`slot computation over 60 days with ${busy?.n} busy events: ${REQUESTS} requests, ${slots} free slots each, p50 ${pct(xs, 50).toFixed(1)} ms, p99 ${pct(xs, 99).toFixed(1)} ms, max ${Math.max(...xs).toFixed(1)} ms`);
  console.log(`load average: ${await loadAverage()}`);
} finally {
  await b.close();
}
