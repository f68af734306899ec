import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createQueue } from '../../src/jobs/createQueue.js';
import { PgBossQueue } from '../../src/jobs/pgBossQueue.js';
import type { Queue } from '../../src/jobs/queue.js';
import { SqliteQueue } from '../../src/jobs/sqliteQueue.js';
import { runsWorkers, startWorkers } from '../../src/jobs/worker.js';
import { createLogger } from '../../src/lib/log.js';
import { DB_KINDS, openTestDatabase } from '../helpers/db.js';
import { waitFor } from '../helpers/wait.js';

test('only worker roles run jobs', () => {
  assert.equal(runsWorkers('all'), true);
  assert.equal(runsWorkers('worker'), true);
  assert.equal(runsWorkers('web'), false);
});

for (const kind of DB_KINDS) {
  describe(`process roles on ${kind}`, () => {
    let handle: Awaited<ReturnType<typeof openTestDatabase>>;
    const queues: Queue[] = [];
    before(async () => {
      handle = await openTestDatabase(kind);
    });
    after(async () => {
      for (const q of queues) await q.stop();
      await handle.close();
    });

    test('a web process enqueues; a worker process on the same database runs the job', async () => {
      const log = createLogger('silent');
      const web = createQueue({ dbKind: kind }, handle, log);
      const worker = createQueue({ dbKind: kind }, handle, log);
      queues.push(web, worker);
      assert.ok(kind === 'sqlite' ? web instanceof SqliteQueue : web instanceof PgBossQueue);

      const ranBy: string[] = [];
      const handlers = (who: string) => ({
        'contacts.sync': {
          handler: async (payload: { mailbox: string }) => {
            ranBy.push(`${who}:${payload.mailbox}`);
          },
        },
      });
      assert.equal(await startWorkers('web', web, handlers('web')), false);
      assert.equal(await startWorkers('worker', worker, handlers('worker')), true);
      await web.enqueue('contacts.sync', { mailbox: 'm1' });
      await waitFor(() => ranBy.length === 1, { message: 'the worker ran the job' });
      assert.deepEqual(ranBy, ['worker:m1']);
    });
  });
}
