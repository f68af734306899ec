import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import type { ChangeNotificationCollection, Subscription } from '@microsoft/microsoft-graph-types';
import { inMinutes, messageChange, Receiver, startHarness, TENANT, waitFor, type Harness } from '../../sandbox/notifications/testkit.js';
import type { NotificationOptions } from '../../sandbox/notifications/options.js';
import { waitFor as waitUntil } from '../helpers/wait.js';

describe('sandbox change notifications', () => {
  let h: Harness;
  let hook: Receiver;
  let uid: string;

  const setup = async (options: Partial<NotificationOptions> = {}) => {
    h = await startHarness({ retryBaseMs: 30, retryMaxMs: 200, deliveryTimeoutMs: 1_000, ...options });
    uid = h.users[0]!.id;
  };
  beforeEach(async () => {
    hook = await new Receiver().start();
  });
  afterEach(async () => {
    await h.close();
    await hook.close();
  });

  const subscribe = async (extra: Record<string, unknown> = {}, userIndex = 0): Promise<Subscription> => {
    const user = h.users[userIndex]!;
    const r = await h.app.inject({
      method: 'POST', url: '/v1.0/subscriptions', headers: { authorization: `Bearer ${h.token(user.id, ['Mail.ReadWrite'])}` },
      payload: { changeType: 'created,updated,deleted', notificationUrl: `${hook.url}/hook?x=1`, resource: '/me/messages', expirationDateTime: inMinutes(h, 600), clientState: `state-${user.id}`, ...extra },
    });
    assert.equal(r.statusCode, 201, r.body);
    return r.json() as Subscription;
  };
  const control = async (url: string, payload?: object) => {
    const r = await h.app.inject({ method: payload ? 'POST' : 'GET', url: `/control/notifications${url}`, ...(payload ? { payload } : {}) });
    assert.equal(r.statusCode, 200, r.body);
    return r.json();
  };

  test('close-together changes arrive as one POST in Graph shape, mixing subscriptions', async () => {
    await setup();
    const all = await subscribe();
    const folder = await subscribe({ resource: "/me/mailFolders('AQMkAGInbox')/messages", changeType: 'created' });
    await subscribe({}, 1); // another mailbox: must not be notified
    hook.requests.length = 0;
    h.ctx.bus.publish(messageChange(uid, 'm1', 'created'));
    h.ctx.bus.publish(messageChange(uid, 'm2', 'updated'));
    h.ctx.bus.publish(messageChange(uid, 'm3', 'created', 'AQMkAGOther'));
    const posts = await waitFor('a delivery', () => hook.notifications().length > 0 && hook.notifications());
    await control('/flush', {});
    assert.equal(hook.notifications().length, 1, 'one POST');
    const body: ChangeNotificationCollection = posts[0]!;
    const items = body.value!;
    assert.equal(items.length, 4, 'all: m1 m2 m3; folder: m1 only');
    const first = items.find((i) => i.subscriptionId === all.id && i.resourceData && (i.resourceData as Record<string, unknown>).id === 'm1')!;
    assert.deepEqual(first, {
      subscriptionId: all.id,
      subscriptionExpirationDateTime: all.expirationDateTime,
      changeType: 'created',
      resource: `Users/${uid}/Messages/m1`,
      resourceData: { '@odata.type': '#Microsoft.Graph.Message', '@odata.id': `Users/${uid}/Messages/m1`, '@odata.etag': 'W/"CQAAABYAAAm1"', id: 'm1' },
      clientState: `state-${uid}`,
      tenantId: TENANT,
    });
    const folderItems = items.filter((i) => i.subscriptionId === folder.id);
    assert.deepEqual(folderItems.map((i) => (i.resourceData as { id: string }).id), ['m1']);
    assert.equal(hook.requests.at(-1)!.query.get('x'), '1', 'notificationUrl query echoed');
  });

  test('a 500 is retried until it succeeds', async () => {
    await setup();
    const sub = await subscribe();
    let failures = 2;
    const saved = hook.respond;
    hook.respond = (r) => (r.json && failures-- > 0 ? { status: 500 } : saved(r));
    h.ctx.bus.publish(messageChange(uid, 'm1'));
    // The receiver sees a POST before the notifier has its answer: wait on the counters.
    const mine = await waitUntil(async () => {
      const found = (await control(`/subscriptions?userId=${uid}`)).value.find((s: { id: string }) => s.id === sub.id);
      return found.stats.sent === 1 && found;
    }, { timeoutMs: 5_000, message: 'success after retries' });
    assert.equal(hook.notifications().length, 3);
    assert.deepEqual({ sent: mine.stats.sent, failed: mine.stats.failed, retried: mine.stats.retried, dropped: mine.stats.dropped }, { sent: 1, failed: 2, retried: 2, dropped: 0 });
  });

  test('after the retry horizon the notification is dropped and `missed` goes to the lifecycle URL', async () => {
    await setup({ retryHorizonMs: 150 });
    const sub = await subscribe({ lifecycleNotificationUrl: `${hook.url}/life` });
    const saved = hook.respond;
    hook.respond = (r) => (r.path === '/hook' && r.json ? { status: 503 } : saved(r));
    h.ctx.bus.publish(messageChange(uid, 'm1'));
    const life = await waitFor('missed lifecycle', () => hook.items('/life')[0]);
    assert.deepEqual(life, { subscriptionId: sub.id, subscriptionExpirationDateTime: sub.expirationDateTime, tenantId: TENANT, clientState: `state-${uid}`, lifecycleEvent: 'missed' });
    const stats = await control('/stats');
    assert.equal(stats.bySubscription[sub.id!].dropped, 1);
    assert.ok(stats.bySubscription[sub.id!].failed >= 2);
  });

  test('a slow endpoint counts as failed and is retried', async () => {
    await setup({ deliveryTimeoutMs: 300 });
    await subscribe();
    let slow = 1;
    const saved = hook.respond;
    hook.respond = (r) => (r.json && slow-- > 0 ? { status: 202, delayMs: 1_500 } : saved(r));
    h.ctx.bus.publish(messageChange(uid, 'm1'));
    const stats = await waitUntil(async () => {
      const now = await control('/stats');
      return now.total.sent === 1 && now;
    }, { timeoutMs: 5_000, message: 'retried delivery acknowledged' });
    assert.equal(hook.notifications().length, 2);
    assert.equal(stats.total.sent, 1);
    assert.equal(stats.total.failed, 1);
  });

  test('lifecycle events go to the lifecycle URL; subscriptionRemoved deletes the subscription', async () => {
    await setup();
    const sub = await subscribe({ lifecycleNotificationUrl: `${hook.url}/life` });
    const noLife = await subscribe();
    await control(`/subscriptions/${sub.id}/lifecycle`, { event: 'reauthorizationRequired' });
    const queued = await control(`/subscriptions/${noLife.id}/lifecycle`, { event: 'reauthorizationRequired' });
    assert.equal(queued.queued, false, 'no lifecycle URL, nothing sent');
    await control(`/subscriptions/${sub.id}/lifecycle`, { event: 'subscriptionRemoved' });
    const events = await waitFor('two lifecycle items', () => hook.items('/life').length === 2 && hook.items('/life'));
    assert.deepEqual(events.map((e) => e.lifecycleEvent), ['reauthorizationRequired', 'subscriptionRemoved']);
    assert.ok(events.every((e) => e.subscriptionId === sub.id && !('resource' in e)));
    const got = await h.app.inject({ url: `/v1.0/subscriptions/${sub.id}`, headers: { authorization: `Bearer ${h.token(uid, ['Mail.Read'])}` } });
    assert.equal(got.statusCode, 404);
    hook.requests.length = 0;
    h.ctx.bus.publish(messageChange(uid, 'm9'));
    await waitFor('notification for the remaining subscription', () => hook.items('/hook').length > 0);
    await control('/flush', {});
    assert.ok(hook.items('/hook').every((i) => i.subscriptionId === noLife.id));
  });

  test('control: removing a user\'s subscriptions sends subscriptionRemoved and stops notifications', async () => {
    await setup();
    const sub = await subscribe({ lifecycleNotificationUrl: `${hook.url}/life` });
    const other = await subscribe({}, 1);
    const r = await control(`/users/${uid}/remove-subscriptions`, {});
    assert.equal(r.removed, 1);
    await control('/flush', {});
    assert.deepEqual(hook.items('/life').map((i) => [i.subscriptionId, i.lifecycleEvent]), [[sub.id, 'subscriptionRemoved']]);
    h.ctx.bus.publish(messageChange(uid, 'm1'));
    h.ctx.bus.publish(messageChange(h.users[1]!.id, 'b1'));
    await control('/flush', {});
    await waitFor('the other user still notified', () => hook.items('/hook').length === 1);
    assert.equal(hook.items('/hook')[0]!.subscriptionId, other.id);
  });

  test('reauthorizationRequired is sent automatically as the token nears expiry', async () => {
    await setup({ reauthLeadMs: 10 * 60_000 });
    const sub = await subscribe({ lifecycleNotificationUrl: `${hook.url}/life` });
    await control('/tick', {});
    assert.equal(hook.items('/life').length, 0);
    h.advance(55 * 60_000); // token minted for 1 h: now 5 min left
    await control('/tick', {});
    await control('/tick', {});
    await control('/flush', {});
    assert.deepEqual(hook.items('/life').map((i) => [i.subscriptionId, i.lifecycleEvent]), [[sub.id, 'reauthorizationRequired']]);
  });

  test('an expired subscription disappears and stops notifying', async () => {
    await setup();
    const sub = await subscribe({ expirationDateTime: inMinutes(h, 50) });
    h.advance(51 * 60_000);
    h.ctx.bus.publish(messageChange(uid, 'm1'));
    await control('/tick', {});
    await control('/flush', {});
    assert.equal(hook.notifications().length, 0);
    const list = await control('/subscriptions');
    assert.ok(!list.value.some((s: { id: string }) => s.id === sub.id));
  });

  test('control: expire now', async () => {
    await setup();
    const sub = await subscribe();
    await control(`/subscriptions/${sub.id}/expire`, {});
    h.ctx.bus.publish(messageChange(uid, 'm1'));
    await control('/flush', {});
    assert.equal(hook.notifications().length, 0);
    const r = await h.app.inject({ method: 'DELETE', url: `/v1.0/subscriptions/${sub.id}`, headers: { authorization: `Bearer ${h.token(uid, ['Mail.Read'])}` } });
    assert.equal(r.statusCode, 404);
  });

  test('control: drop and duplicate', async () => {
    await setup();
    const sub = await subscribe();
    await control('/drop', { count: 2 });
    for (const id of ['m1', 'm2', 'm3']) h.ctx.bus.publish(messageChange(uid, id));
    await control('/flush', {});
    assert.deepEqual(hook.items().map((i) => (i.resourceData as { id: string }).id), ['m3']);
    await control('/duplicate', { count: 1 });
    h.ctx.bus.publish(messageChange(uid, 'm4'));
    await control('/flush', {});
    assert.deepEqual(hook.items().map((i) => (i.resourceData as { id: string }).id), ['m3', 'm4', 'm4']);
    const stats = await control('/stats');
    assert.equal(stats.bySubscription[sub.id!].dropped, 2);
    assert.equal(stats.bySubscription[sub.id!].duplicated, 1);
    assert.equal(stats.bySubscription[sub.id!].sent, 3);
  });

  test('control: reorder holds batches and delivers them newest first', async () => {
    await setup();
    await subscribe();
    await control('/reorder', { count: 2 });
    h.ctx.bus.publish(messageChange(uid, 'm1'));
    const held = async () => (await control('/stats')).queue.held;
    const deadline = Date.now() + 3_000;
    while ((await held()) !== 1) {
      assert.ok(Date.now() < deadline, 'first batch held');
      await new Promise((ok) => setTimeout(ok, 10));
    }
    assert.equal(hook.notifications().length, 0);
    h.ctx.bus.publish(messageChange(uid, 'm2'));
    h.ctx.bus.publish(messageChange(uid, 'm3'));
    await waitFor('both batches', () => hook.notifications().length === 2);
    assert.deepEqual(hook.notifications().map((n) => n.value.map((i) => (i.resourceData as { id: string }).id)), [['m3', 'm2'], ['m1']]);
  });

  test('control: pause holds delivery, resume releases it; delay and settings apply', async () => {
    await setup();
    await subscribe();
    await control('/pause', {});
    h.ctx.bus.publish(messageChange(uid, 'm1'));
    await control('/flush', {});
    assert.equal(hook.notifications().length, 0, 'paused: nothing delivered');
    await control('/resume', {});
    await waitFor('delivery after resume', () => hook.notifications().length === 1);
    const settings = await control('/settings', { notificationDelayMs: 5 });
    assert.equal(settings.notificationDelayMs, 5);
    await control('/delay', { ms: 20 });
    h.ctx.bus.publish(messageChange(uid, 'm2'));
    await waitFor('delayed delivery', () => hook.notifications().length === 2);
  });
});
