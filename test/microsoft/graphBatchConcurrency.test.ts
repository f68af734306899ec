/**
 * Outlook's 4 concurrent requests per app per mailbox, as the mailbox sees them: a $batch runs up
 * to 4 of its requests at once, each against that limit, so it must hold as many of Tandem's
 * slots. Against the sandbox, which counts every batch request in the mailbox's concurrency: a
 * batch runs beside delta paging and inbox actions, first with the sandbox's limit raised (so its
 * peak shows what Tandem attempted rather than what it let through), then at Outlook's 4 (so
 * nothing may be throttled). Latency keeps requests in flight long enough to overlap.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { BatchItem } from '../../src/microsoft/graph/batch.js';
import { accountIdOf, connectMicrosoft, startMicrosoftTestEnv, type MicrosoftTestEnv } from '../helpers/microsoft.js';
import { control, createTenantWithUsers, startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';
import type { ApiClient } from '../helpers/server.js';
import { deliverAndStore } from './inboxHarness.js';

interface MailStats {
  callsByEndpoint: Record<string, number>;
  peakConcurrencyByMailbox: Record<string, number>;
  throttledByMailbox: Record<string, number>;
}

describe('a $batch counts against the mailbox as the requests it runs at once', () => {
  let sb: TestSandbox;
  let env: MicrosoftTestEnv;
  let api: ApiClient;
  let accountId: string;
  let ann: { id: string; upn: string };
  let bobMail: string;
  let rows: string[];
  let graphIds: string[];

  before(async () => {
    sb = await startTestSandbox({ graphLatencyMs: 20 });
    env = await startMicrosoftTestEnv({ kind: 'sqlite', sandbox: sb, workers: false });
    const t = await createTenantWithUsers(sb, { domain: 'batchcap.test', users: [{ userPrincipalName: 'ann', password: 'pw' }, { userPrincipalName: 'bob', password: 'pw' }] });
    ann = { id: t.users[0]!.id, upn: t.users[0]!.userPrincipalName };
    bobMail = t.users[1]!.mail;
    api = env.client();
    await api.signup();
    const r = await connectMicrosoft({ api, sandbox: sb, upn: ann.upn, password: 'pw', features: ['mail', 'sendMail'] });
    assert.equal(r.ok, true, r.error);
    accountId = (await accountIdOf(env, api))!;
    await control(sb, 'POST', '/control/mail/generate', { mailbox: ann.upn, count: 80 });
    rows = [];
    for (let i = 0; i < 4; i++) rows.push(await deliverAndStore(env, sb, { accountId, mailbox: ann.upn, subject: `Cap ${i}`, body: 'x', from: bobMail }));
    const listed = await env.integration.graph.get<{ value: Array<{ id: string }> }>(accountId, '/me/messages?$top=16&$select=id');
    graphIds = listed.value.map((m) => m.id);
    assert.equal(graphIds.length, 16);
  });
  after(async () => {
    await env?.close();
    await sb?.close();
  });

  /** Two batches (one of independent reads, one a dependsOn chain), two delta walks and inbox actions, all at once. */
  async function mixedLoad(): Promise<void> {
    const graph = env.integration.graph;
    const reads: BatchItem[] = graphIds.slice(0, 12).map((id) => ({ method: 'GET', url: `/me/messages/${id}?$select=id,subject` }));
    const chain: BatchItem[] = graphIds.slice(12).map((id, i) => ({
      id: `c${i}`, method: 'GET', url: `/me/messages/${id}?$select=id`, ...(i > 0 ? { dependsOn: [`c${i - 1}`] } : {}),
    }));
    const walk = async (folder: string) => {
      let items = 0;
      for await (const page of graph.pages(accountId, `/me/mailFolders/${folder}/messages/delta?$select=id,subject`, { prefer: 'odata.maxpagesize=10' })) items += page.items.length;
      return items;
    };
    const [readResults, chainResults, inboxItems, , ...answers] = await Promise.all([
      graph.batch(accountId, reads),
      graph.batch(accountId, chain),
      walk('inbox'),
      walk('archive'),
      ...rows.slice(0, 3).map((id) => api.request('PATCH', `/api/mail/messages/${id}`, { isRead: true })),
      api.request('GET', `/api/mail/messages/${rows[3]}`),
      api.request('GET', `/api/mail/out-of-office?emails=${encodeURIComponent(bobMail)}`),
      api.request('POST', `/api/mail/messages/${rows[3]}/reply`, { body: 'On it.' }),
    ]);
    assert.deepEqual([...readResults, ...chainResults].map((r) => r.status), Array(16).fill(200));
    assert.ok(inboxItems >= 4, `delta read ${inboxItems} inbox messages`);
    assert.deepEqual(answers.map((a) => a.status), [200, 200, 200, 200, 200, 202], JSON.stringify(answers.map((a) => a.body)));
  }

  async function statsAfter(load: () => Promise<void>): Promise<{ peak: number; throttled: number; batchCalls: number; clientThrottled: number }> {
    await control(sb, 'POST', '/control/mail/stats/reset');
    const before = env.integration.graph.stats().throttled;
    await load();
    const s = await control<MailStats>(sb, 'GET', '/control/mail/stats');
    return {
      peak: s.peakConcurrencyByMailbox[ann.id] ?? 0,
      throttled: s.throttledByMailbox[ann.id] ?? 0,
      batchCalls: s.callsByEndpoint['POST /$batch'] ?? 0,
      clientThrottled: env.integration.graph.stats().throttled - before,
    };
  }

  test('with the sandbox refusing nothing, Tandem never has more than 4 requests in flight for the mailbox', async () => {
    await control(sb, 'PUT', '/control/mail/throttling', { concurrency: 64 });
    try {
      const s = await statsAfter(mixedLoad);
      assert.equal(s.batchCalls, 2);
      // The batch of 12 alone keeps 4 requests in flight; anything beside it must have waited.
      assert.equal(s.peak, 4, `peak concurrency the sandbox saw for the mailbox: ${s.peak}`);
      assert.equal(s.throttled, 0);
    } finally {
      await control(sb, 'PUT', '/control/mail/throttling', { concurrency: 4 });
    }
  });

  test('at Outlook\'s limit of 4, nothing is throttled for concurrency', async () => {
    const s = await statsAfter(mixedLoad);
    assert.equal(s.batchCalls, 2);
    assert.ok(s.peak <= 4, `peak ${s.peak}`);
    assert.equal(s.throttled, 0, 'requests the sandbox answered 429 for the mailbox');
    assert.equal(s.clientThrottled, 0, '429s the client saw');
  });
});
