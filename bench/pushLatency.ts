/**
 * Push latency: the sandbox delivers a message → the SSE `mail.changed` event naming it reaches a
 * connected client. The sandbox runs in its own process with notification delay 0; Tandem (server,
 * worker, SQLite) and the SSE client run here. 5 messages a second, BENCH_MESSAGES (≥ 200) per Graph
 * latency setting (0 ms and 50 ms, set through the sandbox control API).
 */
import { fetch } from 'undici';
import { control } from '../test/helpers/sandbox.js';
import { waitFor } from '../test/helpers/wait.js';
import { deliver } from '../test/microsoft/syncHelpers.js';
import { benchEnv, pct, SMOKE } from './env.js';

const MESSAGES = SMOKE ? 5 : Math.max(200, Number(process.env.BENCH_MESSAGES ?? 200));
const PER_SECOND = 5;

const b = await benchEnv(200);
const controller = new AbortController();
try {
  const { env, sandbox, user } = b;
  const db = env.database.db;
  const sent = new Map<string, number>();
  const latency = new Map<string, number>();

  // The SSE client: every mail.changed event's ids are resolved to subjects (Tandem's own rows) after the arrival time is taken.
  const res = await fetch(`${env.url}/api/events`, { headers: { cookie: `tandem_session=${user.api.cookie}` }, signal: controller.signal });
  if (res.status !== 200 || !res.body) throw new Error(`SSE answered ${res.status}`);
  void (async () => {
    let buf = '';
    for await (const chunk of res.body as AsyncIterable<Uint8Array>) {
      const at = performance.now();
      buf += Buffer.from(chunk).toString();
      for (let i = buf.indexOf('\n\n'); i >= 0; i = buf.indexOf('\n\n')) {
        const frame = buf.slice(0, i);
        buf = buf.slice(i + 2);
        if (!frame.startsWith('event: mail.changed')) continue;
        const data = JSON.parse(frame.slice(frame.indexOf('data: ') + 6)) as { ids: string[] };
        const rows = data.ids.length ? await db.selectFrom('emails').select('subject').where('account_id', '=', user.accountId).where('id', 'in', data.ids).execute() : [];
        for (const r of rows) {
          const t0 = r.subject ? sent.get(r.subject) : undefined;
          if (t0 !== undefined && !latency.has(r.subject!)) latency.set(r.subject!, at - t0);
        }
      }
    }
  })().catch(() => undefined);

  for (const graphLatencyMs of [0, 50]) {
    await control(sandbox, 'PUT', '/control/mail/throttling', { latencyMs: graphLatencyMs });
    await control(sandbox, 'POST', '/control/mail/stats/reset');
    const requests0 = env.integration.graph.stats().byAccount.get(user.accountId) ?? 0;
    const subjects: string[] = [];
    const start = performance.now();
    for (let i = 0; i < MESSAGES; i++) {
      // On a fixed schedule (5/s), whatever the previous delivery did.
      const due = start + (i * 1000) / PER_SECOND;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const subject = `push ${graphLatencyMs}ms #${i}`;
      subjects.push(subject);
      sent.set(subject, performance.now());
      await deliver(sandbox, user.mailboxId, subject);
    }
    await waitFor(() => subjects.every((s) => latency.has(s)), { timeoutMs: 30_000, message: `events missing for ${subjects.filter((s) => !latency.has(s)).length} messages` });
    const xs = subjects.map((s) => latency.get(s)!);
    const requests = (env.integration.graph.stats().byAccount.get(user.accountId) ?? 0) - requests0;
    console.log(`push latency at Graph latency ${graphLatencyMs} ms: ${xs.length} messages at ${PER_SECOND}/s, p50 ${pct(xs, 50).toFixed(0)} ms, ` +
      `p99 ${pct(xs, 99).toFixed(0)} ms, max ${Math.max(...xs).toFixed(0)} ms; ${(requests / xs.length).toFixed(2)} Graph requests per message`);
  }
} finally {
  controller.abort();
  await b.close();
}
