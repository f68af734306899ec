import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Subscription } from '@microsoft/microsoft-graph-types';
import { inMinutes, messageChange, Receiver, startHarness, waitFor, type Harness } from '../../sandbox/notifications/testkit.js';

interface Stats {
  posts: number;
  total: { sent: number; slow: number; dropped: number; delayedSlow: number; droppedSlow: number };
  endpoints: Record<string, { answers: number; slow: number; state: string }>;
}

// Graph's webhook throttling (graph-facts §1): once an endpoint has had enough notifications, a
// slow share of 10% or more delays all its subscriptions, 15% or more drops their notifications.
// The thresholds are scaled down here (10 answers, 80 ms, 600 ms delay) through the options.
describe('sandbox notifications: slow endpoints are delayed, then dropped', () => {
  let h: Harness;
  let hook: Receiver;
  let sub: Subscription;
  let slowNext = 0;
  const SLOW_DELAY_MS = 600;

  before(async () => {
    h = await startHarness({ slowMinNotifications: 10, slowThresholdMs: 80, slowDelayRatio: 0.1, slowDropRatio: 0.15, slowDelayMs: SLOW_DELAY_MS, deliveryTimeoutMs: 2_000 }, 10);
    hook = await new Receiver().start();
    const base = hook.respond;
    hook.respond = (r) => (r.json && r.path === '/hook' && slowNext > 0 ? (slowNext--, { status: 202, delayMs: 150 }) : base(r));
    const res = await h.app.inject({
      method: 'POST', url: '/v1.0/subscriptions', headers: { authorization: `Bearer ${h.token(h.users[0]!.id, ['Mail.Read'])}` },
      payload: { changeType: 'created', notificationUrl: `${hook.url}/hook?acct=1`, lifecycleNotificationUrl: `${hook.url}/life`, resource: '/me/messages', expirationDateTime: inMinutes(h, 600), clientState: 's' },
    });
    assert.equal(res.statusCode, 201, res.body);
    sub = res.json() as Subscription;
  });
  after(async () => {
    await h.close();
    await hook.close();
  });

  const stats = async (): Promise<Stats> => (await h.app.inject({ url: '/control/notifications/stats' })).json() as Stats;
  const endpoint = () => `${hook.url}/hook`;
  const until = async <T>(what: string, check: () => Promise<T | undefined>): Promise<T> => {
    const deadline = Date.now() + 5_000;
    for (;;) {
      const v = await check();
      if (v !== undefined) return v;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((ok) => setTimeout(ok, 10));
    }
  };
  let n = 0;
  /** Publishes one change and waits until its POST has been answered. */
  const deliverOne = async () => {
    const posts = (await stats()).posts;
    h.ctx.bus.publish(messageChange(h.users[0]!.id, `m${++n}`));
    await until('the answer', async () => ((await stats()).posts > posts ? true : undefined));
  };

  test('under the minimum nothing happens; 10% slow delays; back under 10% recovers; 15% drops with a missed event', async () => {
    slowNext = 1;
    for (let i = 0; i < 9; i++) await deliverOne();
    let s = await stats();
    assert.equal(s.total.slow, 1);
    assert.equal(s.endpoints[endpoint()]!.state, 'normal', '9 answers: under the minimum');
    await deliverOne();
    s = await stats();
    assert.deepEqual({ ...s.endpoints[endpoint()] }, { answers: 10, slow: 1, slowRatio: 0.1, state: 'delayed' });

    // Delayed: the next notification waits slowDelayMs on top of the usual batching delay.
    const started = Date.now();
    h.ctx.bus.publish(messageChange(h.users[0]!.id, 'late'));
    await waitFor('the delayed notification', () => hook.items('/hook').some((i) => (i.resourceData as { id: string }).id === 'late'), 5_000);
    assert.ok(Date.now() - started >= SLOW_DELAY_MS, `delivered after ${Date.now() - started} ms`);
    s = await until('its answer', async () => ((await stats()).posts >= 11 ? stats() : undefined));
    assert.equal(s.total.delayedSlow, 1);
    assert.equal(s.endpoints[endpoint()]!.state, 'normal', '1 of 11 slow: under 10% again');

    // One more slow answer: 2 of 12 is over 15%, so the next change is dropped and announced as missed.
    slowNext = 1;
    await deliverOne();
    assert.equal((await stats()).endpoints[endpoint()]!.state, 'dropping');
    const before = hook.items('/hook').length;
    h.ctx.bus.publish(messageChange(h.users[0]!.id, 'lost'));
    await waitFor('the drop', () => hook.items('/life').some((i) => i.lifecycleEvent === 'missed' && i.subscriptionId === sub.id), 5_000);
    s = await stats();
    assert.equal(s.total.droppedSlow, 1);
    assert.ok(s.total.dropped >= 1);
    await h.app.inject({ method: 'POST', url: '/control/notifications/flush' });
    assert.equal(hook.items('/hook').length, before, 'nothing more reached the slow endpoint');
  });
});
