/**
 * Every benchmark still runs end to end, at a toy size (BENCH_SMOKE=1). This checks that they
 * work and print their figures, never the figures themselves: those are measured by hand and
 * recorded in docs/benchmarks.md. (A benchmark that quietly stopped measuring was found once.)
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { describe, test } from 'node:test';

/** The line each benchmark prints when it measured what it is for. */
const EXPECTED: Record<string, RegExp[]> = {
  'bookingLatency.ts': [/^booking to confirmation at Graph latency 50 ms: 5 bookings at 5\/s, p50 \d+ ms, p99 \d+ ms/m],
  'bookingRace.ts': [/^SQLite, 1 process: 10 concurrent bookings of one slot → 1 booked, 9 refused \("This time was just taken"\), 0 other; 1 Outlook event, 1 confirmation sent/m,
    /^PostgreSQL, 2 processes: 10 concurrent bookings of one slot → 1 booked, 9 refused \("This time was just taken"\), 0 other; 1 Outlook event, 1 confirmation sent/m],
  'calendarEcho.ts': [/^echo: 20 CRM edits over 20 events in [\d.]+ s: 0 loops, \d+ Graph writes \(1\.(0\d\d|100) per edit\), \d+ event reads/m, /final subjects the CRM’s$/m],
  'calendarInitialSync.ts': [/^initial calendar sync of 300 events \(6 series\): [\d.]+ s from connect/m, /^Graph requests: \d+ sent by Tandem's Graph client, \d+ event reads counted by the sandbox; 0 writes to Outlook/m],
  'calendarPushLatency.ts': [/^calendar push latency at Graph latency 50 ms: 5 of 5 changes measured/m],
  'calendarWriteLatency.ts': [/^calendar write latency at Graph latency 50 ms: 5 meetings at 5\/s, in the sandbox calendar p50 \d+ ms/m],
  'contactEditLive.ts': [/^Outlook contact edit → person over SSE at Graph latency 50 ms: 5 of 5 edits at 5\/s, p50 \d+ ms, p99 \d+ ms, max \d+ ms; 5 people edited;/m],
  'contactsInitialSync.ts': [/^initial contacts sync of 200 contacts in 3 folders \(60 matching existing people\): [\d.]+ s from connect .*; 200 links, 140 people created, 0 duplicates$/m],
  'catchUpCost.ts': [/^periodic work of one idle mailbox: \d+ Graph requests per hour/m],
  'driveChangeLive.ts': [/^drive change to Files panel at Graph latency 50 ms: 5 of 5 renames over SSE at 5\/s, p50 \d+ ms, p99 \d+ ms, max \d+ ms; 5 links renamed;/m],
  'fileUpload.ts': [/^file upload of 12 MB through Tandem's upload routes in 2 chunks of \d+ bytes: [\d.]+ MB\/s \([\d.]+ s\); Tandem server RSS idle \d+ MB, peak \d+ MB \(\+\d+ MB\).*; attached Big\.bin, 12000000 bytes in OneDrive$/m],
  'filePicker.ts': [/^picker first page of a 300-item folder \(200 items, breadcrumbs\) at Graph latency 50 ms: 5 requests, p50 \d+ ms, p99 \d+ ms/m],
  'initialSync.ts': [/^initial sync of 2000 messages: /m, /^Graph requests: \d+ served by the sandbox/m],
  'pushLatency.ts': [/^push latency at Graph latency 0 ms: 5 messages/m, /^push latency at Graph latency 50 ms: 5 messages/m],
  'requestsPerMessage.ts': [/^steady state: [\d.]+ Graph requests per new message/m, /^burst of 50: [\d.]+ Graph requests per message/m],
  'slotComputation.ts': [/^slot computation over 60 days with \d+ busy events: 10 requests, \d+ free slots each, p50 [\d.]+ ms, p99 [\d.]+ ms/m],
  'sandboxDelta.ts': [/^1 mailbox, sync \$select: \d+ pages/m, /^5 mailboxes, all properties: \d+ pages/m],
  'todoCompletion.ts': [/^To Do completion latency at Graph latency 50 ms: 5 of 5 completions over SSE at 5\/s, p50 \d+ ms, p99 \d+ ms, max \d+ ms; 5 CRM tasks done;/m],
  'todoToggle.ts': [/^To Do toggle latency at Graph latency 50 ms: 5 tasks at 5\/s, in the sandbox's To Do p50 \d+ ms, p99 \d+ ms, max \d+ ms; REST answer p50 \d+ ms, p99 \d+ ms; 5 todoTasks made$/m],
  'webhookIntake.ts': [/^webhook intake \(closed loop/m, /^webhook intake \(open loop/m, /^accepted \(202\) (\d+), counted as received \1;/m],
};

function run(file: string): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', `bench/${file}`], { env: { ...process.env, BENCH_SMOKE: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) => resolve({ code, out }));
  });
}

describe('benchmarks (toy size)', () => {
  test('every benchmark in bench/ has an expectation here', () => {
    const files = readdirSync('bench').filter((f) => f.endsWith('.ts') && f !== 'env.ts').sort();
    assert.deepEqual(files, Object.keys(EXPECTED).sort());
  });
  for (const [file, lines] of Object.entries(EXPECTED)) {
    test(file, { timeout: 180_000 }, async () => {
      const { code, out } = await run(file);
      assert.equal(code, 0, out);
      for (const line of lines) assert.match(out, line);
    });
  }
});
