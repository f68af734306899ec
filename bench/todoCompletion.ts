/**
 * To Do → CRM: a synced task completed in the sandbox ("in To Do", through its control API) until
 * the SSE event saying its CRM task is done reaches a connected client, at Graph latency 50 ms
 * (notification delay 0). 5 completions a second, BENCH_TASKS (≥ 200) of them, each on its own task.
 */
import { control } from '../test/helpers/sandbox.js';
import { waitFor } from '../test/helpers/wait.js';
import { pct, SMOKE } from './env.js';
import { loadAverage, setGraphLatency, sseClient } from './lib/calendarBench.js';
import { todoBench } from './lib/todoBench.js';

const TASKS = SMOKE ? 5 : Math.max(200, Number(process.env.BENCH_TASKS ?? 200));
const PER_SECOND = 5;
const GRAPH_LATENCY_MS = 50;

const b = await todoBench();
const streams: AbortController[] = [];
try {
  const { env, sandbox, user } = b;
  const ids: string[] = [];
  for (let i = 0; i < TASKS; i++) ids.push((await user.api.request('POST', '/api/tasks', { title: `to complete #${i}`, syncToDo: true })).body.id as string);
  const copyOf = new Map<string, string>();
  await waitFor(async () => {
    for (const t of await b.todoTasks()) for (const l of t.linkedResources) if (l.externalId) copyOf.set(l.externalId, t.id);
    return ids.every((id) => copyOf.has(id));
  }, { timeoutMs: 120_000, message: 'tasks never reached To Do' });
  await waitFor(async () => !(await env.database.db.selectFrom('microsoft_outbox').select('id').where('account_id', '=', user.accountId).executeTakeFirst()), { timeoutMs: 60_000, message: 'outbox never drained' });

  const sent = new Map<string, number>();
  const latency = new Map<string, number>();
  const arrived = (id: string, at: number) => {
    const t0 = sent.get(id);
    if (t0 !== undefined && !latency.has(id)) latency.set(id, at - t0);
  };
  let batched = 0;
  streams.push(await sseClient(env, user.api.cookie!, 'task.updated', (data, at) => {
    const t = data as { id: string; status: string };
    if (t.status === 'done') arrived(t.id, at);
  }));
  // Several completions in one delta page come as one tasks.synced.
  streams.push(await sseClient(env, user.api.cookie!, 'tasks.synced', (data, at) => {
    batched += 1;
    for (const id of (data as { ids: string[] }).ids) arrived(id, at);
  }));

  await setGraphLatency(sandbox, GRAPH_LATENCY_MS);
  const requests0 = env.integration.graph.stats().byAccount.get(user.accountId) ?? 0;
  const start = performance.now();
  for (let i = 0; i < TASKS; i++) {
    const wait = start + (i * 1000) / PER_SECOND - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    sent.set(ids[i]!, performance.now());
    await control(sandbox, 'POST', `/control/todo/${user.mailboxId}/tasks/${encodeURIComponent(copyOf.get(ids[i]!)!)}/complete`);
  }
  await waitFor(() => ids.every((id) => latency.has(id)), { timeoutMs: 60_000, message: `no SSE event for ${ids.filter((id) => !latency.has(id)).length} completions` });
  const xs = ids.map((id) => latency.get(id)!);
  const requests = (env.integration.graph.stats().byAccount.get(user.accountId) ?? 0) - requests0;
  const done = Number((await env.database.db.selectFrom('tasks').select((eb) => eb.fn.countAll<number>().as('n')).where('id', 'in', ids).where('status', '=', 'done').executeTakeFirstOrThrow()).n);
  console.log(`To Do completion latency at Graph latency ${GRAPH_LATENCY_MS} ms: ${xs.length} of ${TASKS} completions over SSE at ${PER_SECOND}/s, p50 ${pct(xs, 50).toFixed(0)} ms, ` +
    `p99 ${pct(xs, 99).toFixed(0)} ms, max ${Math.max(...xs).toFixed(0)} ms; ${done} CRM tasks done; ${batched} batched events; ${(requests / TASKS).toFixed(2)} Graph requests per completion`);
  console.log(`load average: ${await loadAverage()}`);
} finally {
  for (const s of streams) s.abort();
  await b.close();
}
