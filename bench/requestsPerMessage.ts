/** Graph requests per new message: steady state (one at a time) and a burst of 1,000 into one mailbox. */
import { SYNC_JOB } from '../src/app/microsoft/sync/jobs.js';
import { control } from '../test/helpers/sandbox.js';
import { waitFor } from '../test/helpers/wait.js';
import { deliver, emailCount } from '../test/microsoft/syncHelpers.js';
import { benchEnv, sized } from './env.js';

const BURST = sized(1000, 50);

const b = await benchEnv(50);
try {
  const { env, sandbox, user } = b;
  const requests = () => env.integration.graph.stats().byAccount.get(user.accountId) ?? 0;
  // The post-connect sweep's requests are not a new message's: wait until no sync job is left (the bench runs on SQLite's queue).
  await waitFor(async () => !(await env.database.db.selectFrom('jobs').select('id').where('name', '=', SYNC_JOB).where('state', 'in', ['queued', 'running', 'retry']).executeTakeFirst()), { timeoutMs: 30_000 });
  let before = requests();
  const N = sized(20, 3);
  for (let i = 0; i < N; i++) {
    const count = await emailCount(env, user.accountId);
    await deliver(sandbox, user.mailboxId, `steady ${i}`);
    await control(sandbox, 'POST', '/control/notifications/flush');
    await waitFor(async () => (await emailCount(env, user.accountId)) === count + 1, { timeoutMs: 10_000 });
  }
  console.log(`steady state: ${((requests() - before) / N).toFixed(2)} Graph requests per new message (${N} messages)`);
  await control(sandbox, 'POST', '/control/notifications/pause');
  const count = await emailCount(env, user.accountId);
  before = requests();
  for (let i = 0; i < BURST; i++) await deliver(sandbox, user.mailboxId, `burst ${i}`);
  await control(sandbox, 'POST', '/control/notifications/resume');
  await control(sandbox, 'POST', '/control/notifications/flush');
  await waitFor(async () => (await emailCount(env, user.accountId)) === count + BURST, { timeoutMs: 60_000 });
  console.log(`burst of ${BURST}: ${((requests() - before) / BURST).toFixed(3)} Graph requests per message (${requests() - before} requests)`);
} finally {
  await b.close();
}
