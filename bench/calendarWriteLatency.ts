/**
 * CRM → Outlook: a meeting created through the REST API until it is in the sandbox calendar (seen
 * through the sandbox's control API, polled back to back on a narrow window), at Graph latency
 * 50 ms. 5 meetings a second, BENCH_MEETINGS (≥ 200) of them. Also: until the REST answer, and
 * until Tandem has linked the meeting (Graph's answer committed).
 */
import { control } from '../test/helpers/sandbox.js';
import { waitFor } from '../test/helpers/wait.js';
import { iso, outlookEvents } from '../test/microsoft/calendarHelpers.js';
import { pct, SMOKE } from './env.js';
import { calendarBench, loadAverage, setGraphLatency } from './lib/calendarBench.js';

const MEETINGS = SMOKE ? 5 : Math.max(200, Number(process.env.BENCH_MEETINGS ?? 200));
const PER_SECOND = 5;
const GRAPH_LATENCY_MS = 50;

const b = await calendarBench(100);
try {
  const { env, sandbox, user } = b;
  await setGraphLatency(sandbox, GRAPH_LATENCY_MS);
  await control(sandbox, 'POST', '/control/calendar/stats/reset');
  const sent = new Map<string, number>();
  const answered: number[] = [];
  const seen = new Map<string, number>();
  const day = { start: iso(30, 0), end: iso(31, 0) };
  let polling = true;
  const poller = (async () => {
    while (polling) {
      const events = await outlookEvents(sandbox, user.mailboxId, day);
      const at = performance.now();
      for (const e of events) if (sent.has(e.subject) && !seen.has(e.subject)) seen.set(e.subject, at - sent.get(e.subject)!);
    }
  })();

  const subjects: string[] = [];
  const posts: Array<Promise<void>> = [];
  const start = performance.now();
  for (let i = 0; i < MEETINGS; i++) {
    const due = start + (i * 1000) / PER_SECOND;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const subject = `meeting #${i}`;
    subjects.push(subject);
    const t0 = performance.now();
    sent.set(subject, t0);
    posts.push(user.api.request('POST', '/api/calendar/events', { subject, start: iso(30, 9, i % 600), end: iso(30, 10, i % 600) }).then((r) => {
      if (r.status !== 201) throw new Error(`POST answered ${r.status}`);
      answered.push(performance.now() - t0);
    }));
  }
  await Promise.all(posts);
  await waitFor(() => subjects.every((s) => seen.has(s)), { timeoutMs: 60_000, message: `missing in the sandbox: ${subjects.filter((s) => !seen.has(s)).length}` });
  polling = false;
  await poller;
  const xs = subjects.map((s) => seen.get(s)!);
  const writes = (await control<{ writesByMailbox: Record<string, number> }>(sandbox, 'GET', '/control/calendar/stats')).writesByMailbox[user.mailboxId] ?? 0;
  console.log(`calendar write latency at Graph latency ${GRAPH_LATENCY_MS} ms: ${xs.length} meetings at ${PER_SECOND}/s, in the sandbox calendar p50 ${pct(xs, 50).toFixed(0)} ms, ` +
    `p99 ${pct(xs, 99).toFixed(0)} ms, max ${Math.max(...xs).toFixed(0)} ms; REST answer p50 ${pct(answered, 50).toFixed(0)} ms, p99 ${pct(answered, 99).toFixed(0)} ms; ` +
    `${(writes / xs.length).toFixed(2)} Graph writes per meeting`);
  console.log(`load average: ${await loadAverage()}`);
} finally {
  await b.close();
}
