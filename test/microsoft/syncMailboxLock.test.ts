import assert from 'node:assert/strict';
import pg from 'pg';
import { after, before, test } from 'node:test';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { waitFor } from '../helpers/wait.js';
import type { MicrosoftTestEnv } from '../helpers/microsoft.js';
import { connectUser, deliver, startSyncEnv } from './syncHelpers.js';

// Several worker processes on PostgreSQL: a mailbox is synced by one process at a time, so the Graph
// client's per-process cap of 4 concurrent requests is the mailbox's cap.
let sb: TestSandbox;
let env: MicrosoftTestEnv;
before(async () => {
  sb = await startTestSandbox({ notificationDelayMs: 0 });
  ({ env } = await startSyncEnv(sb, 'postgres'));
});
after(async () => {
  await env?.close();
  await sb?.close();
});

test('while another process holds a mailbox, a sync run stands aside and runs right after it lets go', async () => {
  const user = await connectUser(env, sb, 5);
  const other = new pg.Client({ connectionString: env.database.url });
  await other.connect();
  try {
    const key = `tandem.mailsync:${user.accountId}`;
    await other.query('SELECT pg_advisory_lock(hashtext($1))', [key]);
    await deliver(sb, user.mailboxId, 'While the mailbox is busy');
    const stored = async () => Boolean(await env.database.db.selectFrom('emails').select('id')
      .where('account_id', '=', user.accountId).where('subject', '=', 'While the mailbox is busy').executeTakeFirst());
    // The notification's run finds the mailbox held and queues a follow-up instead of syncing.
    await waitFor(async () => {
      const r = await other.query<{ n: string }>("SELECT count(*) AS n FROM pgboss.job WHERE name = 'microsoft.sync' AND singleton_key LIKE '%after-busy'");
      return Number(r.rows[0]?.n) > 0;
    }, { timeoutMs: 15_000, message: 'no run stood aside' });
    assert.equal(await stored(), false, 'nothing synced while another process held the mailbox');
    await other.query('SELECT pg_advisory_unlock(hashtext($1))', [key]);
    await waitFor(stored, { timeoutMs: 15_000, message: 'the message never arrived after the mailbox was released' });
  } finally {
    await other.end();
  }
});
