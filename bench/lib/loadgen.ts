/**
 * Webhook load generator, run as its own process so its CPU never counts against the server's
 * event loop. Input: one JSON argument (LoadSpec). Output: one JSON line (LoadResult) on stdout.
 * Raw keep-alive sockets with prebuilt requests: on a 2-core machine a general HTTP client costs
 * more CPU per request than the server under test, and would measure itself.
 *
 * mode "closed": `concurrency` connections, each sending its next request when the last is answered.
 * mode "open": requests START on a fixed schedule of `rate` per second whatever the answers do (on
 * the first free connection of `concurrency`), and each latency counts from its scheduled start, so
 * a stalled server shows in the p99 instead of slowing the generator down (coordinated omission).
 */
import { readFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';

export interface LoadSpec {
  url: string;
  path: string;
  mode: 'closed' | 'open';
  seconds: number;
  concurrency: number;
  rate?: number;
  /** Sent at the same pace before `seconds` starts, but not counted: fresh connections and a cold JIT. */
  warmupSeconds?: number;
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
  /** CPU seconds the generator itself used (user + system). */
  cpuSeconds: number;
  /** Answers slower than 100 ms, by the second of the run in which they were started. */
  slowBySecond: Record<string, number>;
  /** 202 answers including the warm-up (every one must reach a sync run). */
  okAll: number;
}

const spec = JSON.parse(process.argv[2] ?? '{}') as LoadSpec;
const url = new URL(spec.url);
const requests = readFileSync(spec.idsFile, 'utf8').split('\n').filter(Boolean).map((id) => {
  const body = JSON.stringify({
    value: [{
      subscriptionId: spec.subscriptionId, clientState: spec.clientState, changeType: 'updated', tenantId: 't',
      subscriptionExpirationDateTime: '2030-01-01T00:00:00Z', resource: `Users/u/Messages/${id}`,
      resourceData: { '@odata.type': '#Microsoft.Graph.Message', '@odata.id': `Users/u/Messages/${id}`, id },
    }],
  });
  return Buffer.from(`POST ${spec.path} HTTP/1.1\r\nhost: ${url.host}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
});

const times: number[] = [];
let n = 0;
let ok = 0;
let okAll = 0;
let errors = 0;
let stopping = false;

interface Conn { socket: Socket; startedAt: number; busy: boolean; buf: Buffer }
const idle: Conn[] = [];
const backlog: number[] = [];

function send(c: Conn, startedAt: number): void {
  c.busy = true;
  c.startedAt = startedAt;
  c.socket.write(requests[n++ % requests.length]!);
}

/** When (seconds into the run) answers slower than 100 ms were started: tells a warm-up from a stall. */
const slowAt: number[] = [];

function answered(c: Conn, status: number): void {
  const took = performance.now() - c.startedAt;
  c.busy = false;
  if (status === 202) okAll++;
  if (c.startedAt < measuredFrom) return next(c);
  times.push(took);
  if (took > 100 && slowAt.length < 10_000) slowAt.push((c.startedAt - measuredFrom) / 1000);
  if (status === 202) ok++;
  else errors++;
  next(c);
}

function next(c: Conn): void {
  if (spec.mode === 'closed') {
    if (!stopping) send(c, performance.now());
  } else if (backlog.length) {
    send(c, backlog.shift()!);
  } else {
    idle.push(c);
  }
}

/** One response at a time per connection: status line, headers, content-length bytes of body. */
function onData(c: Conn, chunk: Buffer): void {
  c.buf = c.buf.length ? Buffer.concat([c.buf, chunk]) : chunk;
  for (;;) {
    const end = c.buf.indexOf('\r\n\r\n');
    if (end < 0) return;
    const head = c.buf.subarray(0, end).toString('latin1');
    const length = Number(/content-length:\s*(\d+)/i.exec(head)?.[1] ?? 0);
    if (c.buf.length < end + 4 + length) return;
    c.buf = c.buf.subarray(end + 4 + length);
    answered(c, Number(head.slice(9, 12)));
  }
}

async function open(): Promise<Conn> {
  const socket = connect({ host: url.hostname, port: Number(url.port), noDelay: true });
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  const c: Conn = { socket, startedAt: 0, busy: false, buf: Buffer.alloc(0) };
  socket.on('data', (d: Buffer) => onData(c, d));
  socket.on('error', () => {
    if (c.busy) answered(c, 0);
  });
  return c;
}

const conns = await Promise.all(Array.from({ length: spec.concurrency }, open));
const warmup = (spec.warmupSeconds ?? 0) * 1000;
const start = performance.now();
const measuredFrom = start + warmup;
const until = measuredFrom + spec.seconds * 1000;
if (spec.mode === 'closed') {
  for (const c of conns) send(c, performance.now());
  await new Promise((r) => setTimeout(r, warmup + spec.seconds * 1000));
  stopping = true;
} else {
  idle.push(...conns);
  const interval = 1000 / (spec.rate ?? 1000);
  let next = start;
  while (next < until) {
    const now = performance.now();
    // Start every request whose time has come; one with no free connection waits in the backlog,
    // its clock already running.
    for (; next <= now && next < until; next += interval) {
      const c = idle.pop();
      if (c) send(c, next);
      else backlog.push(next);
    }
    // A 1 ms timer rather than a spin: a busy generator would take the core the server needs.
    await new Promise((r) => setTimeout(r, 1));
  }
}
// Bounded wait for the answers still in flight.
const deadline = performance.now() + 30_000;
while ((conns.some((c) => c.busy) || backlog.length) && performance.now() < deadline) await new Promise((r) => setTimeout(r, 5));
const seconds = (performance.now() - measuredFrom) / 1000;
for (const c of conns) c.socket.destroy();
times.sort((a, b) => a - b);
const pct = (p: number) => (times.length ? times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))]! : NaN);
const cpu = process.cpuUsage();
const result: LoadResult = {
  sent: times.length, ok, errors, seconds, perSecond: times.length / seconds,
  p50: pct(50), p99: pct(99), max: times[times.length - 1] ?? NaN, cpuSeconds: (cpu.user + cpu.system) / 1e6,
  okAll,
  slowBySecond: slowAt.reduce<Record<string, number>>((m, t) => ((m[Math.floor(t)] = (m[Math.floor(t)] ?? 0) + 1), m), {}),
};
process.stdout.write(`${JSON.stringify(result)}\n`);
