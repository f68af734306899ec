/**
 * Booking to confirmation: from the guest's POST until the confirmation email has been handed to
 * Graph (the booking records it only after the send call returned), at Graph latency 50 ms, with
 * 30% of Teams join URLs delayed by the sandbox. BENCH_BOOKINGS (≥ 100) bookings, 5 a second.
 */
import { control } from '../test/helpers/sandbox.js';
import { waitFor } from '../test/helpers/wait.js';
import { guest, utcAt } from '../test/scheduling/schedulingHarness.js';
import { pct, SMOKE } from './env.js';
import { loadAverage, setGraphLatency } from './lib/calendarBench.js';
import { schedulingBench } from './lib/schedulingBench.js';

const BOOKINGS = SMOKE ? 5 : Math.max(100, Number(process.env.BENCH_BOOKINGS ?? 100));
const PER_SECOND = 5;
const GRAPH_LATENCY_MS = 50;

const b = await schedulingBench(0, (process.env.BENCH_FEATURES ?? 'calendar,mail,sendMail').split(','));
try {
  const { env, sandbox, slug } = b;
  await setGraphLatency(sandbox, GRAPH_LATENCY_MS);
  await control(sandbox, 'PUT', '/control/calendar/online-meetings', { delayedJoinUrlShare: 0.3, delayedJoinUrlMs: 300 });
  await control(sandbox, 'POST', '/control/calendar/stats/reset');
  const db = env.database.db;
  const sentAt = new Map<string, number>();
  const answered: number[] = [];
  const confirmedAt = new Map<string, number>();
  // Watched while the bookings go in: a confirmation is timed when it is recorded, not afterwards.
  const look = async () => {
    const rows = await db.selectFrom('bookings').select(['id', 'confirmation', 'status']).execute();
    const now = performance.now();
    for (const r of rows) if (r.confirmation === 'sent' && !confirmedAt.has(r.id)) confirmedAt.set(r.id, now);
    const failed = rows.filter((r) => r.status === 'failed');
    if (failed.length) throw new Error(`${failed.length} bookings failed`);
    return confirmedAt.size === BOOKINGS;
  };
  const watching = waitFor(look, { timeoutMs: 120_000, intervalMs: 5, message: 'not every confirmation was sent' });
  const posts: Array<Promise<void>> = [];
  const t0 = performance.now();
  for (let i = 0; i < BOOKINGS; i++) {
    const due = t0 + (i * 1000) / PER_SECOND;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    // 15-minute slots, one per booking, from tomorrow on.
    const start = utcAt(1 + Math.floor(i / 96), 0, (i % 96) * 15);
    const at = performance.now();
    posts.push(fetch(`${env.url}/api/public/book/${slug}`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...guest(start, { email: `guest${i}@outside.example`, name: `Guest ${i}`, answers: {} }), duration: 15 }),
    }).then(async (r) => {
      const body = (await r.json()) as { id: string; status: string };
      if (r.status >= 300) throw new Error(`booking ${i}: ${r.status} ${JSON.stringify(body)}`);
      answered.push(performance.now() - at);
      sentAt.set(body.id, at);
    }));
  }
  await Promise.all(posts);
  await watching;
  const xs = [...sentAt].map(([id, at]) => confirmedAt.get(id)! - at);
  const stats = await control<{ delayedJoinUrls: number }>(sandbox, 'GET', '/control/calendar/stats');
  console.log(`booking to confirmation at Graph latency ${GRAPH_LATENCY_MS} ms: ${xs.length} bookings at ${PER_SECOND}/s, p50 ${pct(xs, 50).toFixed(0)} ms, p99 ${pct(xs, 99).toFixed(0)} ms, max ${Math.max(...xs).toFixed(0)} ms; ` +
    `${stats.delayedJoinUrls} join URLs delayed by the sandbox; guest's answer p50 ${pct(answered, 50).toFixed(0)} ms, p99 ${pct(answered, 99).toFixed(0)} ms`);
  console.log(`load average: ${await loadAverage()}`);
} finally {
  await b.close();
}
