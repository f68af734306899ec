/**
 * CRM → Outlook: a meeting created through the REST API until it is in the sandbox calendar (seen
 * through the sandbox's control API, polled every 10 ms on a narrow window), at Graph latency
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
  // Tandem runs in this process: note when its write-back sends each create, to split the latency.
  const sending = new Map<string, number>();
  const graph = env.integration.graph;
  const request = graph.request.bind(graph);
  graph.request = ((accountId: string, req: { method: string; body?: unknown }) => {
    const subject = (req.body as { subject?: string } | undefined)?.subject;
    if (req.method === 'POST' && subject && !sending.has(subject)) sending.set(subject, performance.now());
    return request(accountId, req as never);
  }) as typeof graph.request;
  const answered: number[] = [];
  const seen = new Map<string, number>();
  const day = { start: iso(30, 0), end: iso(31, 0) };
  let polling = true;
  const poller = (async () => {
    while (polling) {
      const events = await outlookEvents(sandbox, user.mailboxId, day);
      const at = performance.now();
      for (const e of events) if (sent.has(e.subject) && !seen.has(e.subject)) seen.set(e.subject, at - sent.get(e.subject)!);
      // A short pause: back-to-back polling would take the sandbox's CPU from the Graph requests measured.
      await new Promise((r) => setTimeout(r, 10));
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
  const queued = subjects.map((s) => sending.get(s)! - sent.get(s)!);
  const atGraph = subjects.map((s) => seen.get(s)! - (sending.get(s)! - sent.get(s)!));
  console.log(`of which: REST call until the write-back sends p50 ${pct(queued, 50).toFixed(0)} ms, p99 ${pct(queued, 99).toFixed(0)} ms; ` +
    `sent until seen in the sandbox p50 ${pct(atGraph, 50).toFixed(0)} ms, p99 ${pct(atGraph, 99).toFixed(0)} ms`);
  console.log(`load average: ${await loadAverage()}`);
} finally {
  await b.close();
}
