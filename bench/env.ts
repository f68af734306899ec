/** Shared set-up for the sync benchmarks: a sandbox and Tandem with one connected, synced mailbox. */
import { startTestSandbox, type TestSandbox } from '../test/helpers/sandbox.js';
import { connectUser, startSyncEnv } from '../test/microsoft/syncHelpers.js';

export async function benchEnv(messages: number, sandboxOverrides: Parameters<typeof startTestSandbox>[0] = {}) {
  const sandbox: TestSandbox = await startTestSandbox({ notificationDelayMs: 0, ...sandboxOverrides });
  const { env, sync } = await startSyncEnv(sandbox, 'sqlite');
  const user = await connectUser(env, sandbox, messages);
  return { sandbox, env, sync, user, async close() { await env.close(); await sandbox.close(); } };
}

export const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]! : NaN;
};
