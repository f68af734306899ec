/**
 * CRM → To Do: a task created with syncToDo on through the REST API until it is in the sandbox's
 * To Do (seen through the control API, polled every 10 ms), at Graph latency 50 ms. 5 tasks a
 * second, BENCH_TASKS (≥ 200) of them. Also: until the REST answer.
 */
import { waitFor } from '../test/helpers/wait.js';
import { pct, SMOKE } from './env.js';
import { loadAverage, setGraphLatency } from './lib/calendarBench.js';
import { todoBench } from './lib/todoBench.js';

const TASKS = SMOKE ? 5 : Math.max(200, Number(process.env.BENCH_TASKS ?? 200));
const PER_SECOND = 5;
const GRAPH_LATENCY_MS = 50;

const b = await todoBench();
try {
  const { sandbox, user } = b;
  await setGraphLatency(sandbox, GRAPH_LATENCY_MS);
  const sent = new Map<string, number>();
  const seen = new Map<string, number>();
  const answered: number[] = [];
  let polling = true;
  const poller = (async () => {
    while (polling) {
      const tasks = await b.todoTasks();
      const at = performance.now();
      for (const t of tasks) if (sent.has(t.title) && !seen.has(t.title)) seen.set(t.title, at - sent.get(t.title)!);
      await new Promise((r) => setTimeout(r, 10));
    }
  })();

  const titles: string[] = [];
  const posts: Array<Promise<void>> = [];
  const start = performance.now();
  for (let i = 0; i < TASKS; i++) {
    const wait = start + (i * 1000) / PER_SECOND - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const title = `task #${i}`;
    titles.push(title);
    const t0 = performance.now();
    sent.set(title, t0);
    posts.push(user.api.request('POST', '/api/tasks', { title, dueDate: '2027-01-15', importance: 'high', syncToDo: true }).then((r) => {
      if (r.status !== 201) throw new Error(`POST answered ${r.status}`);
      answered.push(performance.now() - t0);
    }));
  }
  await Promise.all(posts);
  await waitFor(() => titles.every((t) => seen.has(t)), { timeoutMs: 60_000, message: `missing in To Do: ${titles.filter((t) => !seen.has(t)).length}` });
  polling = false;
  await poller;
  const xs = titles.map((t) => seen.get(t)!);
  const copies = (await b.todoTasks()).filter((t) => sent.has(t.title)).length;
  console.log(`To Do toggle latency at Graph latency ${GRAPH_LATENCY_MS} ms: ${xs.length} tasks at ${PER_SECOND}/s, in the sandbox's To Do p50 ${pct(xs, 50).toFixed(0)} ms, ` +
    `p99 ${pct(xs, 99).toFixed(0)} ms, max ${Math.max(...xs).toFixed(0)} ms; REST answer p50 ${pct(answered, 50).toFixed(0)} ms, p99 ${pct(answered, 99).toFixed(0)} ms; ${copies} todoTasks made`);
  console.log(`load average: ${await loadAverage()}`);
} finally {
  await b.close();
}
