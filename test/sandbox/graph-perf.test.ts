import type { Message } from '@microsoft/microsoft-graph-types';
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { generateMailbox } from '../../sandbox/graph/mail/seed.js';
import { USERS, startGraphHarness, type GraphHarness, type Reply } from './graphHarness.js';

interface DeltaPage { value: Message[]; '@odata.nextLink'?: string; '@odata.deltaLink'?: string }
interface Timing { samples: number; medianWallMs: number; medianCpuMs: number; maxWallMs: number }
interface Stats { handlerTimes: Record<string, Timing> }

// What a metadata sync asks for: Tandem keeps message metadata and fetches bodies on demand.
const SYNC_SELECT = 'subject,from,toRecipients,ccRecipients,receivedDateTime,sentDateTime,isRead,isDraft,parentFolderId,conversationId,internetMessageId,categories,flag,importance,bodyPreview';
const DELTA = 'GET /me/mailFolders/:folderId/messages/delta';

/**
 * A 100,000-message mailbox behaves: generation spreads it over folders and 1,000-item delta
 * pages come back whole. How FAST a page is served is a benchmark's question, not a test's
 * (bench/sandboxDelta.ts, figures in docs/benchmarks.md): on a shared machine a timed
 * assertion measures the queue for a core. The handler times are printed for the curious.
 */
describe('sandbox Graph: a 100,000-message mailbox', () => {
  let h: GraphHarness;
  let ann: string;
  let generateMs = 0;
  before(async () => {
    h = await startGraphHarness();
    ann = h.token(USERS.ann, ['Mail.Read']);
    await h.ctl('PUT', '/control/mail/delta/replays', { mode: 'off', emptyPages: false });
    const started = performance.now();
    generateMailbox(h.ctx, USERS.ann.id, 100_000);
    generateMs = performance.now() - started;
  });
  after(() => h.close());

  test('100,000 messages generate, spread over folders', async () => {
    console.log(`generated 100,000 messages in ${Math.round(generateMs)} ms`);
    const inbox = await h.call<{ totalItemCount: number; unreadItemCount: number }>('GET', '/v1.0/me/mailFolders/inbox', ann);
    assert.ok(inbox.body.totalItemCount > 30_000 && inbox.body.totalItemCount < 60_000, String(inbox.body.totalItemCount));
    assert.ok(inbox.body.unreadItemCount > 0);
    const sent = await h.call<{ totalItemCount: number }>('GET', '/v1.0/me/mailFolders/sentitems', ann);
    assert.ok(sent.body.totalItemCount > 5_000);
  });

  async function pageThrough(url: string, pages: number, warmUp: number): Promise<Timing> {
    let next: string | undefined = url;
    for (let i = 0; i < pages && next; i++) {
      if (i === warmUp) await h.ctl('POST', '/control/mail/stats/reset');
      const r: Reply<DeltaPage> = await h.call<DeltaPage>('GET', next, ann, { headers: { Prefer: 'odata.maxpagesize=1000' } });
      assert.equal(r.status, 200);
      assert.equal(r.body.value.length, 1000);
      next = r.body['@odata.nextLink'];
    }
    return (await h.ctl<Stats>('GET', '/control/mail/stats')).body.handlerTimes[DELTA]!;
  }

  test('1,000-item delta pages with the sync fields come back whole', async () => {
    const t = await pageThrough(`/v1.0/me/mailFolders/inbox/messages/delta?$select=${SYNC_SELECT}`, 30, 8);
    console.log(`delta page, $select: median ${t.medianCpuMs.toFixed(1)} ms CPU, ${t.medianWallMs.toFixed(1)} ms wall over ${t.samples} pages`);
    assert.ok(t.samples >= 20);
  });

  test('1,000-item delta pages with every property, bodies included, come back whole', async () => {
    const t = await pageThrough('/v1.0/me/mailFolders/inbox/messages/delta', 20, 6);
    console.log(`delta page, full messages: median ${t.medianCpuMs.toFixed(1)} ms CPU, ${t.medianWallMs.toFixed(1)} ms wall over ${t.samples} pages`);
    assert.ok(t.samples >= 10);
  });
});
