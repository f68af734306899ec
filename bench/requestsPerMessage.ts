/** Graph requests per new message: steady state (one at a time) and a burst of 1,000 into one mailbox. */
import { control } from '../test/helpers/sandbox.js';
import { waitFor } from '../test/helpers/wait.js';
import { deliver, emailCount } from '../test/microsoft/syncHelpers.js';
import { benchEnv } from './env.js';

const b = await benchEnv(50);
try {
  const { env, sandbox, user } = b;
  const requests = () => env.integration.graph.stats().byAccount.get(user.accountId) ?? 0;
  await new Promise((r) => setTimeout(r, 1500)); // let the post-connect sweep settle
  let before = requests();
  const N = 20;
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
  for (let i = 0; i < 1000; i++) await deliver(sandbox, user.mailboxId, `burst ${i}`);
  await control(sandbox, 'POST', '/control/notifications/resume');
  await control(sandbox, 'POST', '/control/notifications/flush');
  await waitFor(async () => (await emailCount(env, user.accountId)) === count + 1000, { timeoutMs: 60_000 });
  console.log(`burst of 1000: ${((requests() - before) / 1000).toFixed(3)} Graph requests per message (${requests() - before} requests)`);
} finally {
  await b.close();
}
