import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Subscription } from '@microsoft/microsoft-graph-types';
import { APP, inMinutes, Receiver, startHarness, type Harness } from '../../sandbox/notifications/testkit.js';

type GraphError = { error: { code: string; message: string; innerError: Record<string, string> } };

describe('sandbox /v1.0/subscriptions', () => {
  let h: Harness;
  let hook: Receiver;
  let adele: string;
  const mailToken = () => h.token(h.users[0]!.id, ['Mail.Read']);

  before(async () => {
    h = await startHarness({ handshakeTimeoutMs: 400 });
    hook = await new Receiver().start();
    adele = mailToken();
  });
  after(async () => {
    await h.close();
    await hook.close();
  });

  const create = (body: Record<string, unknown>, token = adele) =>
    h.app.inject({ method: 'POST', url: '/v1.0/subscriptions', headers: { authorization: `Bearer ${token}` }, payload: body });
  const valid = (extra: Record<string, unknown> = {}) => ({
    changeType: 'created,updated,deleted',
    notificationUrl: `${hook.url}/hook?tenant=t1`,
    resource: "/me/mailFolders('inbox')/messages",
    expirationDateTime: inMinutes(h, 4_000),
    clientState: 'secret-state',
    ...extra,
  });
  const errorOf = (r: { json(): unknown }) => (r.json() as GraphError).error;

  test('creates after a handshake with an encoded token, keeping the URL query', async () => {
    hook.requests.length = 0;
    const r = await create(valid());
    assert.equal(r.statusCode, 201, r.body);
    const sub = r.json() as Subscription;
    assert.match(sub.id!, /^[0-9a-f-]{36}$/);
    assert.equal(sub.applicationId, APP);
    assert.equal(sub.creatorId, h.users[0]!.id);
    assert.equal(sub.clientState, 'secret-state');
    assert.equal(sub.notificationQueryOptions, null);
    assert.match(sub.expirationDateTime!, /\.\d{7}Z$/);
    const validation = hook.requests.find((q) => q.query.has('validationToken'))!;
    assert.equal(validation.query.get('tenant'), 't1');
    assert.match(validation.contentType, /^text\/plain/);
    assert.equal(validation.raw, '');
    assert.match(validation.query.get('validationToken')!, /[ :]/, 'token needs URL-encoding');
  });

  const refusedBy = async (respond: Receiver['respond'], pattern: RegExp) => {
    const saved = hook.respond;
    hook.respond = respond;
    try {
      const r = await create(valid());
      assert.equal(r.statusCode, 400, r.body);
      assert.equal(errorOf(r).code, 'ValidationError');
      assert.match(errorOf(r).message, pattern);
    } finally {
      hook.respond = saved;
    }
  };

  test('handshake: wrong body is refused', () =>
    refusedBy(() => ({ status: 200, body: 'nope', contentType: 'text/plain' }), /must exactly match validationToken/));
  test('handshake: non-200 status is refused', () =>
    refusedBy((q) => ({ status: 202, body: q.query.get('validationToken') ?? '', contentType: 'text/plain' }), /HTTP status code is 'Accepted'.*200 OK/));
  test('handshake: a still-encoded token is refused', () =>
    refusedBy((q) => ({ status: 200, body: encodeURIComponent(q.query.get('validationToken') ?? ''), contentType: 'text/plain' }), /exactly match/));
  test('handshake: a slow answer times out', () =>
    refusedBy((q) => ({ status: 200, body: q.query.get('validationToken') ?? '', contentType: 'text/plain', delayMs: 1_000 }), /timed out/));
  test('handshake: unreachable endpoint is refused', async () => {
    const r = await create(valid({ notificationUrl: 'http://127.0.0.1:1/hook' }));
    assert.equal(errorOf(r).code, 'ValidationError');
  });

  test('the lifecycle URL is validated too', async () => {
    const saved = hook.respond;
    hook.respond = (q) => (q.path === '/life' ? { status: 500 } : saved(q));
    try {
      const before = (await h.app.inject({ url: '/v1.0/subscriptions', headers: { authorization: `Bearer ${adele}` } })).json().value.length;
      const r = await create(valid({ lifecycleNotificationUrl: `${hook.url}/life` }));
      assert.equal(r.statusCode, 400);
      assert.equal(errorOf(r).code, 'ValidationError');
      const afterCount = (await h.app.inject({ url: '/v1.0/subscriptions', headers: { authorization: `Bearer ${adele}` } })).json().value.length;
      assert.equal(afterCount, before, 'nothing created');
    } finally {
      hook.respond = saved;
    }
  });

  test('plain http is allowed only on loopback', async () => {
    const r = await create(valid({ notificationUrl: 'http://hooks.example.com/graph' }));
    assert.equal(r.statusCode, 400);
    assert.equal(errorOf(r).code, 'InvalidRequest');
    assert.equal(errorOf(r).message, "NotificationUrl scheme='http' is not supported.");
    assert.ok(errorOf(r).innerError['request-id']);
    const life = await create(valid({ lifecycleNotificationUrl: 'http://10.0.0.5/life' }));
    assert.equal(life.statusCode, 400);
  });

  test('lifetime: beyond 4,230 minutes is refused, under 45 is raised to 45', async () => {
    const far = await create(valid({ expirationDateTime: inMinutes(h, 4_231) }));
    assert.equal(far.statusCode, 400);
    assert.equal(errorOf(far).code, 'ExtensionError');
    assert.equal(errorOf(far).message, 'Subscription expiration can only be 4230 minutes in the future.');
    const past = await create(valid({ expirationDateTime: inMinutes(h, -1) }));
    assert.equal(past.statusCode, 400);
    const short = await create(valid({ expirationDateTime: inMinutes(h, 5) }));
    assert.equal(short.statusCode, 201);
    const minutes = (Date.parse((short.json() as Subscription).expirationDateTime!) - h.ctx.now()) / 60_000;
    assert.ok(minutes > 44.9 && minutes <= 45, `raised to 45 minutes, got ${minutes}`);
  });

  test('field checks: changeType, clientState length, resource, includeResourceData', async () => {
    assert.equal((await create(valid({ changeType: 'created,moved' }))).statusCode, 400);
    assert.equal((await create(valid({ clientState: 'x'.repeat(129) }))).statusCode, 400);
    assert.equal((await create(valid({ resource: '/me/unknownThings' }))).statusCode, 400);
    assert.equal((await create(valid({ includeResourceData: true }))).statusCode, 400);
    assert.equal((await create(valid({ resource: `/users/${h.users[1]!.id}/messages` }))).statusCode, 403, 'delegated: own mailbox only');
    assert.equal((await create(valid({ resource: 'me/messages' }))).statusCode, 201);
    assert.equal((await create(valid({ resource: `/users/${h.users[0]!.mail}/messages` }))).statusCode, 201);
  });

  test('auth and scopes', async () => {
    const none = await h.app.inject({ method: 'POST', url: '/v1.0/subscriptions', payload: valid() });
    assert.equal(none.statusCode, 401);
    assert.equal(errorOf(none).code, 'InvalidAuthenticationToken');
    const calendarOnly = h.token(h.users[0]!.id, ['Calendars.Read']);
    const r = await create(valid(), calendarOnly);
    assert.equal(r.statusCode, 403);
    assert.equal((await create(valid({ resource: '/me/events' }), calendarOnly)).statusCode, 201);
  });

  test('GET, PATCH renew, reauthorize, DELETE then 404', async () => {
    const auth = { authorization: `Bearer ${adele}` };
    const sub = (await create(valid())).json() as Subscription;
    const got = await h.app.inject({ url: `/v1.0/subscriptions/${sub.id}`, headers: auth });
    assert.equal(got.statusCode, 200);
    assert.deepEqual({ ...(got.json() as Subscription), '@odata.context': undefined }, { ...sub, '@odata.context': undefined });

    const renewed = await h.app.inject({ method: 'PATCH', url: `/v1.0/subscriptions/${sub.id}`, headers: auth, payload: { expirationDateTime: inMinutes(h, 4_200) } });
    assert.equal(renewed.statusCode, 200);
    assert.ok(Date.parse((renewed.json() as Subscription).expirationDateTime!) > Date.parse(sub.expirationDateTime!));
    const tooFar = await h.app.inject({ method: 'PATCH', url: `/v1.0/subscriptions/${sub.id}`, headers: auth, payload: { expirationDateTime: inMinutes(h, 5_000) } });
    assert.equal(tooFar.statusCode, 400);

    const reauth = await h.app.inject({ method: 'POST', url: `/v1.0/subscriptions/${sub.id}/reauthorize`, headers: { ...auth, 'content-type': 'application/json' } });
    assert.equal(reauth.statusCode, 204);

    const otherApp = h.token(h.users[0]!.id, ['Mail.Read'], 'another-app');
    assert.equal((await h.app.inject({ url: `/v1.0/subscriptions/${sub.id}`, headers: { authorization: `Bearer ${otherApp}` } })).statusCode, 404);
    const list = await h.app.inject({ url: '/v1.0/subscriptions', headers: auth });
    assert.ok((list.json().value as Subscription[]).some((s) => s.id === sub.id));

    assert.equal((await h.app.inject({ method: 'DELETE', url: `/v1.0/subscriptions/${sub.id}`, headers: auth })).statusCode, 204);
    const gone = await h.app.inject({ method: 'DELETE', url: `/v1.0/subscriptions/${sub.id}`, headers: auth });
    assert.equal(gone.statusCode, 404);
    assert.equal(errorOf(gone).code, 'ResourceNotFound');
  });
});

describe('sandbox subscriptions: per-mailbox limit', () => {
  test('the limit counts Outlook subscriptions across apps', async () => {
    const h = await startHarness({ mailboxSubscriptionLimit: 2 });
    const hook = await new Receiver().start();
    try {
      const body = { changeType: 'created', notificationUrl: `${hook.url}/h`, resource: '/me/messages', expirationDateTime: inMinutes(h, 60) };
      const post = (appId: string) => h.app.inject({ method: 'POST', url: '/v1.0/subscriptions', headers: { authorization: `Bearer ${h.token(h.users[0]!.id, ['Mail.Read'], appId)}` }, payload: body });
      assert.equal((await post('app-1')).statusCode, 201);
      assert.equal((await post('app-2')).statusCode, 201);
      const third = await post('app-3');
      assert.equal(third.statusCode, 403);
      assert.equal(third.json().error.code, 'ExtensionError');
    } finally {
      await h.close();
      await hook.close();
    }
  });
});
