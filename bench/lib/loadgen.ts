/**
 * Webhook load generator, run as its own process so its CPU never counts against the server's
 * event loop. Input: one JSON argument (LoadSpec). Output: one JSON line (LoadResult) on stdout.
 *
 * mode "closed": `concurrency` requests in flight back to back (maximum throughput).
 * mode "open": requests START on a fixed schedule of `rate` per second whatever the answers do, and
 * each latency is measured from its scheduled start, so a stalled server shows up in the p99
 * instead of silently slowing the generator down (coordinated omission).
 */
import { readFileSync } from 'node:fs';
import { Pool } from 'undici';

export interface LoadSpec {
  url: string;
  path: string;
  mode: 'closed' | 'open';
  seconds: number;
  concurrency: number;
  rate?: number;
  subscriptionId: string;
  clientState: string;
  /** A file with one message id per line: POSTs name them in turn (as Graph names real messages). */
  idsFile: string;
}

export interface LoadResult {
  sent: number;
  ok: number;
  errors: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p99: number;
  max: number;
  /** Message ids that were answered 202 (every one must reach a sync run). */
  acceptedIds: number;
  /** CPU seconds the generator itself used (user + system). */
  cpuSeconds: number;
}

const spec = JSON.parse(process.argv[2] ?? '{}') as LoadSpec;
const ids = readFileSync(spec.idsFile, 'utf8').split('\n').filter(Boolean);
const pool = new Pool(spec.url, { connections: spec.concurrency, pipelining: 1, keepAliveTimeout: 30_000 });
const times: number[] = [];
let n = 0;
let ok = 0;
let errors = 0;

function body(id: string): string {
  return JSON.stringify({
    value: [{
      subscriptionId: spec.subscriptionId, clientState: spec.clientState, changeType: 'updated', tenantId: 't',
      subscriptionExpirationDateTime: '2030-01-01T00:00:00Z', resource: `Users/u/Messages/${id}`,
      resourceData: { '@odata.type': '#Microsoft.Graph.Message', '@odata.id': `Users/u/Messages/${id}`, id },
    }],
  });
}

async function post(startedAt: number): Promise<void> {
  const id = ids[n++ % ids.length]!;
  try {
    const res = await pool.request({ path: spec.path, method: 'POST', headers: { 'content-type': 'application/json' }, body: body(id) });
    await res.body.dump();
    if (res.statusCode === 202) ok++;
    else errors++;
  } catch {
    errors++;
  }
  times.push(performance.now() - startedAt);
}

async function closed(until: number): Promise<void> {
  const worker = async () => {
    while (performance.now() < until) await post(performance.now());
  };
  await Promise.all(Array.from({ length: spec.concurrency }, worker));
}

async function open(start: number, until: number): Promise<void> {
  const interval = 1000 / (spec.rate ?? 1000);
  const inflight = new Set<Promise<void>>();
  let next = start;
  while (next < until) {
    const now = performance.now();
    // Start every request whose scheduled time has come (several per tick at high rates).
    while (next <= now && next < until) {
      const p = post(next).finally(() => inflight.delete(p));
      inflight.add(p);
      next += interval;
    }
    // A 1 ms timer rather than setImmediate: a spinning generator would take the core the server needs.
    await new Promise((r) => setTimeout(r, 1));
  }
  await Promise.all(inflight);
}

const pct = (s: number[], p: number) => (s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]! : NaN);

const start = performance.now();
const until = start + spec.seconds * 1000;
if (spec.mode === 'open') await open(start, until);
else await closed(until);
const seconds = (performance.now() - start) / 1000;
await pool.close();
times.sort((a, b) => a - b);
const result: LoadResult = {
  sent: times.length, ok, errors, seconds, perSecond: times.length / seconds,
  p50: pct(times, 50), p99: pct(times, 99), max: times[times.length - 1] ?? NaN, acceptedIds: ok,
  cpuSeconds: (process.cpuUsage().user + process.cpuUsage().system) / 1e6,
};
process.stdout.write(`${JSON.stringify(result)}\n`);
