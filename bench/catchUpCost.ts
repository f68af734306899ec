/**
 * What the always-on periodic work costs one idle mailbox per hour: the catch-up (subscription
 * check + one Inbox delta page, every 2 minutes by default) and the full sweep (every 15 minutes).
 * Time is compressed: the intervals are divided by SPEEDUP and the count scaled back to an hour.
 */
import { waitFor } from '../test/helpers/wait.js';
import { benchEnv, sized } from './env.js';

const SPEEDUP = 120;
const CATCH_UP_MS = 2 * 60_000;
const SWEEP_MS = 15 * 60_000;
const SECONDS = sized(Number(process.env.BENCH_SECONDS ?? 30), 4);

const b = await benchEnv(sized(300, 20));
try {
  const { env, sync, user } = b;
  const requests = () => env.integration.graph.stats().byAccount.get(user.accountId) ?? 0;
  // Start from an idle mailbox: the post-connect sweep's requests are not the periodic work's.
  await waitFor(async () => !(await env.database.db.selectFrom('jobs').select('id').where('state', 'in', ['queued', 'running', 'retry']).where('name', '!=', 'microsoft.syncTick').executeTakeFirst()), { timeoutMs: 60_000 });
  Object.assign(sync.settings, { catchUpMs: CATCH_UP_MS / SPEEDUP, sweepMs: SWEEP_MS / SPEEDUP, tickMs: 100, pollMs: 3_600_000 });
  const before = requests();
  const started = Date.now();
  await new Promise((r) => setTimeout(r, SECONDS * 1_000));
  const used = requests() - before;
  const simulatedHours = ((Date.now() - started) * SPEEDUP) / 3_600_000;
  const folders = (await env.database.db.selectFrom('mail_folders').select('id').where('account_id', '=', user.accountId).execute()).length;
  console.log(`periodic work of one idle mailbox: ${Math.round(used / simulatedHours)} Graph requests per hour (catch-up every 2 min, sweep every 15 min, ${folders} folders; ${used} requests in ${(simulatedHours * 60).toFixed(0)} simulated minutes)`);
} finally {
  await b.close();
}
