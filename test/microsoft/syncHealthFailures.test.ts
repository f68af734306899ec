import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { control, startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { waitFor } from '../helpers/wait.js';
import { connectUser, deliver, emailCount, startSyncEnv, subscriptionsOf } from './syncHelpers.js';

// Issue 9: during a Graph outage Settings said "Live" with no error while every sync run failed.
let sandbox: TestSandbox;
before(async () => {
  sandbox = await startTestSandbox({ notificationDelayMs: 0 });
});
after(() => sandbox.close());

test('a failing sync run shows in health at once, and the next success clears it', async () => {
  const { env } = await startSyncEnv(sandbox, 'sqlite');
  try {
    const ann = await connectUser(env, sandbox, 3);
    const mail = async () => (await ann.api.request('GET', '/api/microsoft')).body.health.resources.find((r: { resource: string }) => r.resource === 'mail');
    assert.equal((await mail()).state, 'live');

    // Every Graph call of the mailbox answers 503 for a while, past the client's own retries.
    await control(sandbox, 'POST', '/control/mail/faults', { mailbox: ann.mailboxId, status: 503, count: 1_000 });
    // Graph says notifications were missed: the resync lists the folders first, and that fails.
    const sub = (await subscriptionsOf(sandbox, ann.mailboxId))[0]!;
    await control(sandbox, 'POST', `/control/notifications/subscriptions/${sub.id}/lifecycle`, { event: 'missed' });
    await control(sandbox, 'POST', '/control/notifications/flush');
    const failing = await waitFor(async () => {
      const h = await mail();
      return h.state === 'error' ? h : undefined;
    }, { timeoutMs: 20_000, message: 'health kept saying live while sync runs failed' });
    assert.match(failing.lastError, /could not be reached|retry/i);

    await control(sandbox, 'DELETE', `/control/mail/faults/${ann.mailboxId}`);
    await deliver(sandbox, ann.mailboxId, 'after the outage');
    await control(sandbox, 'POST', '/control/notifications/flush');
    await waitFor(async () => (await emailCount(env, ann.accountId)) === 4, { timeoutMs: 30_000, message: 'sync never resumed after the outage' });
    const healed = await waitFor(async () => {
      const h = await mail();
      return h.state === 'live' ? h : undefined;
    }, { timeoutMs: 10_000, message: 'the error stayed after a successful run' });
    assert.equal(healed.lastError, null);
  } finally {
    await env.close();
  }
});
