/**
 * Initial sync: a BENCH_MAILBOX (default 100,000) message mailbox, generated in the sandbox (its own
 * process), connected to Tandem on SQLite; timed from the connect until every message is in the
 * emails table and every folder's round is live. Graph requests as counted by the sandbox and by
 * Tandem's Graph client.
 */
import { randomBytes } from 'node:crypto';
import { accountIdOf, connectMicrosoft } from '../test/helpers/microsoft.js';
import { control, createTenantWithUsers } from '../test/helpers/sandbox.js';
import { waitFor } from '../test/helpers/wait.js';
import { emailCount, initialDone, startSyncEnv } from '../test/microsoft/syncHelpers.js';
import { sized, startSandboxProcess } from './env.js';

const MAILBOX = Number(process.env.BENCH_MAILBOX ?? sized(100_000, 2_000));

const sandbox = await startSandboxProcess({ notificationDelayMs: 0 });
const { env } = await startSyncEnv(sandbox, 'sqlite');
try {
  const { users } = await createTenantWithUsers(sandbox, { domain: `t${randomBytes(4).toString('hex')}.test`, users: [{ userPrincipalName: 'ann', password: 'pw-Ann-1' }] });
  const user = users[0]!;
  const gen = await control<{ generated: number; ms: number }>(sandbox, 'POST', '/control/mail/generate', { mailbox: user.id, count: MAILBOX });
  console.log(`sandbox generated ${gen.generated} messages in ${(gen.ms / 1000).toFixed(1)} s`);
  await control(sandbox, 'POST', '/control/mail/stats/reset');
  const api = env.client();
  await api.signup();

  const t0 = performance.now();
  const r = await connectMicrosoft({ api, sandbox, upn: user.userPrincipalName, password: 'pw-Ann-1' });
  if (!r.ok) throw new Error(`connect failed: ${r.error ?? r.callbackStatus}`);
  const connected = performance.now();
  const accountId = (await accountIdOf(env, api))!;
  let progress = 0;
  const ticker = setInterval(() => void emailCount(env, accountId).then((n) => (progress = n)), 10_000);
  try {
    // The cheap check first: polling must not take SQLite's one connection away from the sync.
    await waitFor(async () => (await initialDone(env, accountId)) && (await emailCount(env, accountId)) >= MAILBOX, {
      timeoutMs: 600_000, intervalMs: 100, message: `initial sync never finished (at ${progress})`,
    });
  } finally {
    clearInterval(ticker);
  }
  const done = performance.now();

  const stats = await control<{ callsByEndpoint: Record<string, number>; peakConcurrencyByMailbox: Record<string, number>; throttled: number; handlerTimes: Record<string, unknown> }>(sandbox, 'GET', '/control/mail/stats');
  const sandboxCalls = Object.values(stats.callsByEndpoint).reduce((n, c) => n + c, 0);
  const deltaCalls = Object.entries(stats.callsByEndpoint).filter(([k]) => k.includes('/delta')).reduce((n, [, c]) => n + c, 0);
  const clientCalls = env.integration.graph.stats().byAccount.get(accountId) ?? 0;
  const peak = Math.max(0, ...Object.values(stats.peakConcurrencyByMailbox));
  console.log(`initial sync of ${await emailCount(env, accountId)} messages: ${((done - t0) / 1000).toFixed(1)} s from connect ` +
    `(${((done - connected) / 1000).toFixed(1)} s after the callback), ${Math.round(MAILBOX / ((done - connected) / 1000))} messages/s`);
  console.log(`Graph requests: ${sandboxCalls} served by the sandbox (${deltaCalls} delta pages), ${clientCalls} sent by Tandem's Graph client; ` +
    `peak concurrency ${peak}, throttled ${stats.throttled}`);
  const delta = Object.entries(stats.handlerTimes).find(([k]) => k.includes('/delta'));
  if (delta) console.log(`sandbox time per delta page (median): ${JSON.stringify(delta[1])}`);
} finally {
  await env.close();
  await sandbox.close();
}
