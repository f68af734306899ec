import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { DatabaseHandle } from '../../src/db/database.js';
import type { Queue } from '../../src/jobs/queue.js';
import { DB_KINDS, openTestDatabase } from '../helpers/db.js';
import { waitFor } from '../helpers/wait.js';
import { secondHandle, testQueue } from './testQueues.js';

for (const kind of DB_KINDS) {
  describe(`job workers on ${kind}`, () => {
    let handle: Awaited<ReturnType<typeof openTestDatabase>>;
    const queues: Queue[] = [];
    const handles: DatabaseHandle[] = [];
    const track = (q: Queue): Queue => {
      queues.push(q);
      return q;
    };
    const other = (): DatabaseHandle => {
      const h = secondHandle(kind, handle.url);
      handles.push(h);
      return h;
    };

    before(async () => {
      handle = await openTestDatabase(kind);
    });
    after(async () => {
      for (const q of queues) await q.stop();
      for (const h of handles) await h.close();
      await handle.close();
    });

    test('stop() waits for a running job to finish', async () => {
      const queue = track(testQueue(kind, handle));
      let started = false;
      let finished = false;
      let aborted = false;
      queue.work('slow', async (_p, job) => {
        started = true;
        await new Promise((resolve) => setTimeout(resolve, 400));
        aborted = job.signal.aborted;
        finished = true;
      });
      await queue.start();
      await queue.enqueue('slow', {});
      await waitFor(() => started);
      await queue.stop();
      assert.equal(finished, true, 'stop returned before the job finished');
      assert.equal(aborted, false);
    });

    test('stop() aborts the signal of a job still running after the grace period', async () => {
      const queue = track(testQueue(kind, handle, { graceMs: 100 }));
      let started = false;
      let sawAbort = false;
      queue.work('stubborn', (_p, job) => {
        started = true;
        return new Promise<void>((resolve) => {
          job.signal.addEventListener('abort', () => {
            sawAbort = true;
            resolve();
          });
        });
      });
      await queue.start();
      await queue.enqueue('stubborn', {});
      await waitFor(() => started);
      await queue.stop();
      assert.equal(sawAbort, true);
    });

    test("a dead worker's job runs again on another instance after its lease", async () => {
      // Instance A takes the job and "dies": its handler never returns and ignores the abort.
      const a = track(testQueue(kind, handle, { leaseMs: 1_000, graceMs: 0, abortGraceMs: 0 }));
      let aStarted = 0;
      a.work('crashy', () => {
        aStarted++;
        return new Promise<void>(() => {});
      });
      await a.start();
      await a.enqueue('crashy', { id: 'c1' });
      await waitFor(() => aStarted === 1, { message: 'A took the job' });
      await a.stop();

      const b = track(testQueue(kind, other(), { leaseMs: 1_000 }));
      const bRuns: Array<{ payload: unknown; attempt: number }> = [];
      b.work('crashy', async (payload, job) => {
        bRuns.push({ payload, attempt: job.attempt });
      });
      await b.start();
      await waitFor(() => bRuns.length === 1, { timeoutMs: 15_000, message: 'B ran the abandoned job' });
      assert.deepEqual(bRuns[0], { payload: { id: 'c1' }, attempt: 2 });
      assert.equal(aStarted, 1);
    });

    test('a long job renews its lease and is not run twice', async () => {
      const a = track(testQueue(kind, handle, { leaseMs: 1_000 }));
      const b = track(testQueue(kind, other(), { leaseMs: 1_000 }));
      let runs = 0;
      let done = false;
      const handler = async (): Promise<void> => {
        runs++;
        await new Promise((resolve) => setTimeout(resolve, 3_000));
        done = true;
      };
      a.work('long', handler);
      b.work('long', handler);
      await a.start();
      await b.start();
      await a.enqueue('long', {});
      await waitFor(() => done, { timeoutMs: 10_000 });
      assert.equal(runs, 1);
    });

    test('two instances on one database share the jobs and run each exactly once', async () => {
      const a = track(testQueue(kind, handle));
      const b = track(testQueue(kind, other()));
      const counts = new Map<number, number>();
      const byInstance = { a: 0, b: 0 };
      const handler = (who: 'a' | 'b') => async ({ n }: { n: number }) => {
        counts.set(n, (counts.get(n) ?? 0) + 1);
        byInstance[who]++;
        await new Promise((resolve) => setTimeout(resolve, 10));
      };
      a.work('shared', handler('a'), { concurrency: 2 });
      b.work('shared', handler('b'), { concurrency: 2 });
      await a.start();
      await b.start();
      const total = 40;
      for (let n = 0; n < total; n++) await (n % 2 ? a : b).enqueue('shared', { n });
      await waitFor(() => counts.size === total, { timeoutMs: 20_000, message: 'every job ran' });
      // Drain both so any duplicate claim would have run by now.
      await a.stop();
      await b.stop();
      assert.deepEqual([...counts.values()].filter((c) => c !== 1), []);
      assert.equal(byInstance.a + byInstance.b, total);
      assert.ok(byInstance.a > 0 && byInstance.b > 0, `a ran ${byInstance.a}, b ran ${byInstance.b}`);
    });
  });
}
