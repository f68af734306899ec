/**
 * Outlook → CRM: an event changed in the sandbox ("in Outlook", through its control API) until the
 * SSE `calendar.changed` event naming Tandem's row reaches a connected client. The sandbox runs in
 * its own process with notification delay 0 and Graph latency 50 ms; Tandem (server, worker,
 * SQLite) and the SSE client run here. 5 changes a second, BENCH_CHANGES (≥ 200) of them, over 50
 * events (a change to an event whose previous change is still in flight is the realistic case too).
 */
import { control } from '../test/helpers/sandbox.js';
import { waitFor } from '../test/helpers/wait.js';
import { outlookCreate, outlookPatch, slot } from '../test/microsoft/calendarHelpers.js';
import { pct, SMOKE } from './env.js';
import { calendarBench, loadAverage, setGraphLatency, sseClient } from './lib/calendarBench.js';

const CHANGES = SMOKE ? 5 : Math.max(200, Number(process.env.BENCH_CHANGES ?? 200));
const PER_SECOND = 5;
const GRAPH_LATENCY_MS = 50;

const b = await calendarBench(200);
let sse: AbortController | undefined;
try {
  const { env, sandbox, user } = b;
  const db = env.database.db;
  const targets = [];
  for (let i = 0; i < Math.min(50, CHANGES); i++) targets.push(await outlookCreate(sandbox, user.mailboxId, { subject: `target ${i}`, ...slot(2 + (i % 20), 8 + (i % 8)) }));
  await waitFor(async () => Number((await db.selectFrom('calendar_events').select((eb) => eb.fn.countAll<number>().as('n')).where('account_id', '=', user.accountId).where('subject', 'like', 'target %').executeTakeFirstOrThrow()).n) === targets.length,
    { timeoutMs: 30_000, message: 'targets never synced' });

  const sent = new Map<string, number>();
  const latency = new Map<string, number>();
  sse = await sseClient(env, user.api.cookie!, 'calendar.changed', async (data, at) => {
    const ids = (data as { ids: string[] }).ids;
    const rows = ids.length ? await db.selectFrom('calendar_events').select('subject').where('account_id', '=', user.accountId).where('id', 'in', ids).execute() : [];
    for (const r of rows) {
      const t0 = r.subject ? sent.get(r.subject) : undefined;
      if (t0 !== undefined && !latency.has(r.subject!)) latency.set(r.subject!, at - t0);
    }
  });

  await setGraphLatency(sandbox, GRAPH_LATENCY_MS);
  await control(sandbox, 'POST', '/control/calendar/stats/reset');
  const requests0 = env.integration.graph.stats().byAccount.get(user.accountId) ?? 0;
  const subjects: string[] = [];
  const start = performance.now();
  for (let i = 0; i < CHANGES; i++) {
    const due = start + (i * 1000) / PER_SECOND;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const subject = `changed #${i}`;
    subjects.push(subject);
    sent.set(subject, performance.now());
    await outlookPatch(sandbox, user.mailboxId, targets[i % targets.length]!.id, { subject });
  }
  // A later change to the same event may overtake an earlier one's event: it names the same row, whose subject is by then the later one.
  await waitFor(() => subjects.slice(-targets.length).every((s) => latency.has(s)), { timeoutMs: 30_000, message: `events missing for ${subjects.filter((s) => !latency.has(s)).length} changes` });
  const xs = subjects.filter((s) => latency.has(s)).map((s) => latency.get(s)!);
  const requests = (env.integration.graph.stats().byAccount.get(user.accountId) ?? 0) - requests0;
  console.log(`calendar push latency at Graph latency ${GRAPH_LATENCY_MS} ms: ${xs.length} of ${CHANGES} changes measured at ${PER_SECOND}/s, p50 ${pct(xs, 50).toFixed(0)} ms, ` +
    `p99 ${pct(xs, 99).toFixed(0)} ms, max ${Math.max(...xs).toFixed(0)} ms; ${(requests / CHANGES).toFixed(2)} Graph requests per change`);
  console.log(`load average: ${await loadAverage()}`);
} finally {
  sse?.abort();
  await b.close();
}
