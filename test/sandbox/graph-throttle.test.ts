import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { MAIL, USERS, startGraphHarness, type GraphHarness } from './graphHarness.js';

interface ErrorBody { error: { code: string; message: string } }
interface Stats { callsByEndpoint: Record<string, number>; peakConcurrencyByMailbox: Record<string, number>; throttled: number; faultsServed: number }

describe('sandbox Graph: throttling, faults and statistics', () => {
  let h: GraphHarness;
  let ann: string;
  before(async () => {
    h = await startGraphHarness({ graphLatencyMs: 150 });
    ann = h.token(USERS.ann, MAIL);
  });
  after(() => h.close());

  test('more than 4 concurrent requests per app per mailbox: 429 ApplicationThrottled with Retry-After', async () => {
    await h.ctl('POST', '/control/mail/stats/reset');
    const replies = await Promise.all(Array.from({ length: 6 }, () => h.call<ErrorBody>('GET', '/v1.0/me/messages', ann)));
    const throttled = replies.filter((r) => r.status === 429);
    assert.ok(throttled.length >= 1, `statuses: ${replies.map((r) => r.status).join(',')}`);
    assert.ok(replies.filter((r) => r.status === 200).length >= 1);
    for (const r of throttled) {
      assert.equal(r.body.error.code, 'ApplicationThrottled');
      assert.ok(Number(r.headers['retry-after']) >= 1);
    }
    const stats = (await h.ctl<Stats>('GET', '/control/mail/stats')).body;
    const peak = stats.peakConcurrencyByMailbox[USERS.ann.id]!;
    assert.ok(peak >= 2 && peak <= 4, `peak ${peak}`);
    assert.equal(stats.throttled, throttled.length);
    assert.equal(stats.callsByEndpoint['GET /me/messages'], 6);
  });

  test('another app, or another mailbox, has its own concurrency allowance', async () => {
    const otherApp = h.token(USERS.ann, MAIL, 'app-2');
    const bob = h.token(USERS.bob, MAIL);
    const replies = await Promise.all([
      ...Array.from({ length: 4 }, () => h.call('GET', '/v1.0/me/messages', ann)),
      ...Array.from({ length: 4 }, () => h.call('GET', '/v1.0/me/messages', otherApp)),
      ...Array.from({ length: 4 }, () => h.call('GET', '/v1.0/me/messages', bob)),
    ]);
    assert.deepEqual(replies.map((r) => r.status), Array(12).fill(200));
  });

  test('the per-mailbox request budget answers 429 with a Retry-After until the window ends', async () => {
    await h.ctl('PUT', '/control/mail/throttling', { requestBudget: 3, latencyMs: 0 });
    try {
      for (let i = 0; i < 3; i++) assert.equal((await h.call('GET', '/v1.0/me/mailFolders', ann)).status, 200);
      const r = await h.call<ErrorBody>('GET', '/v1.0/me/mailFolders', ann);
      assert.equal(r.status, 429);
      assert.equal(r.body.error.code, 'ApplicationThrottled');
      const retryAfter = Number(r.headers['retry-after']);
      assert.ok(retryAfter > 500 && retryAfter <= 600, `retry-after ${retryAfter}`);
    } finally {
      await h.ctl('PUT', '/control/mail/throttling', { requestBudget: 10_000, latencyMs: 150 });
    }
  });

  test('injected faults: the next N calls of the mailbox fail with the given status and Retry-After', async () => {
    await h.ctl('PUT', '/control/mail/throttling', { latencyMs: 0 });
    try {
      const set = await h.ctl('POST', '/control/mail/faults', { mailbox: 'ann@contoso.test', status: 503, count: 2, retryAfter: 7 });
      assert.equal(set.status, 200);
      const bob = h.token(USERS.bob, MAIL);
      assert.equal((await h.call('GET', '/v1.0/me/messages', bob)).status, 200, 'other mailboxes are unaffected');
      const first = await h.call<ErrorBody>('GET', '/v1.0/me/messages', ann);
      assert.equal(first.status, 503);
      assert.equal(first.headers['retry-after'], '7');
      assert.equal(typeof first.body.error.code, 'string');
      assert.equal((await h.call('GET', '/v1.0/me/mailFolders', ann)).status, 503);
      assert.equal((await h.call('GET', '/v1.0/me/mailFolders', ann)).status, 200);
      await h.ctl('POST', '/control/mail/faults', { mailbox: USERS.ann.id, status: 429, count: 1 });
      const t = await h.call('GET', '/v1.0/me/messages', ann);
      assert.equal(t.status, 429);
      assert.equal(t.headers['retry-after'], undefined);
      await h.ctl('POST', '/control/mail/faults', { mailbox: USERS.ann.id, status: 500, count: 5 });
      assert.equal((await h.ctl('DELETE', `/control/mail/faults/${USERS.ann.id}`)).status, 200);
      assert.equal((await h.call('GET', '/v1.0/me/messages', ann)).status, 200);
      const bad = await h.ctl('POST', '/control/mail/faults', { mailbox: USERS.ann.id, status: 404 });
      assert.equal(bad.status, 400);
      const unknown = await h.ctl('POST', '/control/mail/faults', { mailbox: 'nobody@nowhere.test', status: 500 });
      assert.equal(unknown.status, 404);
      const stats = (await h.ctl<Stats>('GET', '/control/mail/stats')).body;
      assert.ok(stats.faultsServed >= 3);
    } finally {
      await h.ctl('PUT', '/control/mail/throttling', { latencyMs: 150 });
    }
  });
});
