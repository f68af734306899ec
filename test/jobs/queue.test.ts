import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Queue } from '../../src/jobs/queue.js';
import { DB_KINDS, openTestDatabase } from '../helpers/db.js';
import { waitFor } from '../helpers/wait.js';
import { failedJobs, testQueue } from './testQueues.js';

for (const kind of DB_KINDS) {
  describe(`job queue on ${kind}`, () => {
    let handle: Awaited<ReturnType<typeof openTestDatabase>>;
    const queues: Queue[] = [];
    const track = (q: Queue): Queue => {
      queues.push(q);
      return q;
    };

    before(async () => {
      handle = await openTestDatabase(kind);
    });
    after(async () => {
      for (const q of queues) await q.stop();
      await handle.close();
    });

    test('runs enqueued jobs with their payloads and attempt numbers', async () => {
      const queue = track(testQueue(kind, handle));
      const seen: Array<{ payload: unknown; attempt: number }> = [];
      queue.work<{ n: number }>('basic', async (payload, job) => {
        seen.push({ payload, attempt: job.attempt });
      });
      await queue.start();
      for (const n of [1, 2, 3]) await queue.enqueue('basic', { n });
      await queue.enqueue('basic', 'a bare string');
      await waitFor(() => seen.length === 4, { message: 'four jobs run' });
      assert.deepEqual(
        seen.map((s) => s.payload).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
        ['a bare string', { n: 1 }, { n: 2 }, { n: 3 }].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
      );
      assert.ok(seen.every((s) => s.attempt === 1));
    });

    test('does not run a job before runAt', async () => {
      const queue = track(testQueue(kind, handle));
      const ranAt: number[] = [];
      queue.work('later', async () => {
        ranAt.push(Date.now());
      });
      await queue.start();
      const runAt = Date.now() + 1_500;
      await queue.enqueue('later', {}, { runAt });
      await waitFor(() => ranAt.length === 1);
      assert.ok(ranAt[0]! >= runAt, `ran ${runAt - ranAt[0]!} ms early`);
    });

    test('an idempotency key coalesces while queued, and queues a new run once the job started', async () => {
      const queue = track(testQueue(kind, handle));
      const runs: string[] = [];
      let release: () => void = () => {};
      const gate = new Promise<void>((resolve) => {
        release = resolve;
      });
      queue.work<{ tag: string }>(
        'sync',
        async ({ tag }) => {
          runs.push(tag);
          if (runs.length === 1) await gate;
        },
        { concurrency: 1 },
      );
      // A burst before any worker looks: one run.
      for (let i = 0; i < 5; i++) await queue.enqueue('sync', { tag: `burst${i}` }, { key: 'mailbox-1' });
      await queue.start();
      await waitFor(() => runs.length === 1, { message: 'first run started' });
      assert.equal(runs[0], 'burst0');

      // Changes arriving mid-run: one more run, not zero and not three.
      for (let i = 0; i < 3; i++) await queue.enqueue('sync', { tag: `mid${i}` }, { key: 'mailbox-1' });
      // Another key is independent.
      await queue.enqueue('sync', { tag: 'other' }, { key: 'mailbox-2' });
      release();
      // Runs after the mid-run ones were queued, so it comes last in line.
      await queue.enqueue('sync', { tag: 'end' }, { key: 'end', runAt: Date.now() + 100 });
      await waitFor(() => runs.includes('end'), { message: 'sentinel ran' });
      assert.deepEqual(runs.filter((t) => t.startsWith('burst')), ['burst0']);
      assert.deepEqual(runs.filter((t) => t.startsWith('mid')), ['mid0']);
      assert.equal(runs.filter((t) => t === 'other').length, 1);
    });

    test('a failing job is retried with growing delays, then recorded as failed with its error', async () => {
      const queue = track(testQueue(kind, handle));
      const attempts: Array<{ attempt: number; at: number }> = [];
      queue.work('flaky', async (_payload, job) => {
        attempts.push({ attempt: job.attempt, at: Date.now() });
        throw new Error(`boom on attempt ${job.attempt}`);
      });
      await queue.start();
      await queue.enqueue('flaky', { x: 1 }, { maxAttempts: 3 });
      const failed = await waitFor(async () => {
        const rows = await failedJobs(kind, handle, 'flaky');
        return rows.length === 1 ? rows : undefined;
      }, { timeoutMs: 20_000, message: 'failure recorded' });
      assert.deepEqual(attempts.map((a) => a.attempt), [1, 2, 3]);
      assert.match(failed[0]!.error, /boom on attempt 3/);
      const gap1 = attempts[1]!.at - attempts[0]!.at;
      const gap2 = attempts[2]!.at - attempts[1]!.at;
      // Backoff base is 100 ms (SQLite) or 1 s (pg-boss); jitter keeps each delay at least half its step.
      const base = kind === 'sqlite' ? 100 : 1_000;
      assert.ok(gap1 >= base / 2, `first retry after ${gap1} ms`);
      assert.ok(gap2 >= base, `second retry after ${gap2} ms`);
    });
  });
}
