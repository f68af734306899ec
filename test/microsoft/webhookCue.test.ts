import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { control, startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { waitFor } from '../helpers/wait.js';
import { connectUser, deliver, emailCount, startSyncEnv } from './syncHelpers.js';

let sandbox: TestSandbox;
before(async () => {
  sandbox = await startTestSandbox({ notificationDelayMs: 0 });
});
after(() => sandbox.close());

test('a genuine notification that names no item still makes Tandem look (a delta round over every folder)', async () => {
  // The sweep is far off: only the notification can bring the message in.
  const { env } = await startSyncEnv(sandbox, 'sqlite', { sweepIntervalMs: 3_600_000 });
  try {
    const user = await connectUser(env, sandbox, 5);
    const db = env.database.db;
    await control(sandbox, 'POST', '/control/notifications/drop', { count: 1 });
    await deliver(sandbox, user.mailboxId, 'arrived unannounced');
    await control(sandbox, 'POST', '/control/notifications/flush');
    assert.equal(await emailCount(env, user.accountId), 5);

    const sub = await db.selectFrom('microsoft_subscriptions').selectAll().where('account_id', '=', user.accountId).where('status', '=', 'active').executeTakeFirstOrThrow();
    const clientState = env.integration.box.open(sub.sealed_client_state);
    const res = await fetch(`${env.url}/webhooks/microsoft`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      // Valid subscription and clientState, but no resourceData and an unknown change type.
      body: JSON.stringify({ value: [{ subscriptionId: sub.graph_id, clientState, changeType: 'somethingNew', resource: 'Users/x/Messages' }] }),
    });
    assert.equal(res.status, 202);
    await waitFor(async () => (await emailCount(env, user.accountId)) === 6, { message: 'the cue never led to a sync' });
    const counter = async (name: string) => (await db.selectFrom('microsoft_counters').select('value').where('account_id', '=', user.accountId).where('name', '=', name).executeTakeFirst())?.value ?? 0;
    assert.equal(await counter('notifications_rejected:mail'), 0);
    assert.ok((await counter('notifications_received:mail')) >= 1);
  } finally {
    await env.close();
  }
});
