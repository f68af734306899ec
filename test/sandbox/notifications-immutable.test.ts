import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { ChangeNotification, Message, Subscription } from '@microsoft/microsoft-graph-types';
import Database from 'better-sqlite3';
import type { DirectoryUser } from '../../sandbox/core/directory.js';
import { SubscriptionStore } from '../../sandbox/notifications/store.js';
import { Receiver } from '../../sandbox/notifications/testkit.js';
import { control, createTenantWithUsers, registerApp, startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { waitFor } from '../helpers/wait.js';

const IMMUTABLE = 'IdType="ImmutableId"';

// Graph names items by immutable id in notifications only when the subscription itself was
// created with Prefer: IdType="ImmutableId" (concepts/outlook-immutable-id.md).
describe('sandbox notifications: immutable ids follow the subscription', () => {
  let sb: TestSandbox;
  let hook: Receiver;
  let user: DirectoryUser;
  let clientId: string;

  const bearer = () =>
    sb.identity.tokens.issue({ user, clientId, granted: new Set(['openid', 'Mail.ReadWrite']), clientInfo: false }).access_token;
  const graph = (path: string, init: { method?: string; body?: unknown; prefer?: string } = {}) =>
    sb.fetch(`${sb.urls.graph}/v1.0${path}`, {
      method: init.method ?? 'GET',
      headers: {
        authorization: `Bearer ${bearer()}`,
        ...(init.body ? { 'content-type': 'application/json' } : {}),
        ...(init.prefer ? { prefer: init.prefer } : {}),
      },
      body: init.body ? JSON.stringify(init.body) : undefined,
    });
  const subscribe = async (path: string, prefer?: string): Promise<Subscription> => {
    const res = await graph('/subscriptions', {
      method: 'POST', ...(prefer ? { prefer } : {}),
      body: { changeType: 'created,updated,deleted', notificationUrl: `${hook.url}${path}`, resource: '/me/messages', expirationDateTime: new Date(Date.now() + 60 * 60_000).toISOString(), clientState: 'ids' },
    });
    assert.equal(res.status, 201, await res.clone().text());
    return (await res.json()) as Subscription;
  };
  const dataId = (n: ChangeNotification | undefined) => (n?.resourceData as Record<string, unknown> | undefined)?.id;
  const items = (path: string) => hook.items(path) as unknown as ChangeNotification[];

  before(async () => {
    sb = await startTestSandbox({ notificationDelayMs: 20 });
    hook = await new Receiver().start();
    const { users } = await createTenantWithUsers(sb, { domain: 'ids.onmicrosoft.com', users: [{ userPrincipalName: 'ivy', password: 'pw' }] });
    user = users[0]!;
    clientId = (await registerApp(sb, { redirectUris: ['https://app.test/callback'] })).clientId;
  });
  after(async () => {
    await sb.close();
    await hook.close();
  });

  test('created, moved and deleted: immutable ids only for the subscription created with the header', async () => {
    const regularSub = await subscribe('/regular');
    // The header may be comma-joined with other preferences.
    const immutableSub = await subscribe('/immutable', `odata.maxpagesize=50, ${IMMUTABLE}`);
    const listed = await control<{ value: Array<{ id: string; immutableIds: boolean }> }>(sb, 'GET', `/control/notifications/subscriptions?userId=${user.id}`);
    assert.deepEqual(listed.value.map((s) => [s.id, s.immutableIds]).sort(), [[regularSub.id, false], [immutableSub.id, true]].sort());

    await control(sb, 'POST', '/control/mail/deliver', { mailbox: user.id, from: { address: 'out@side.test' }, subject: 'ids', body: 'x' });
    const find = async (prefer?: string) => {
      const res = await graph(`/me/mailFolders/inbox/messages?$select=id,subject`, prefer ? { prefer } : {});
      return ((await res.json()) as { value: Message[] }).value.find((m) => m.subject === 'ids')!;
    };
    const regularId = (await find()).id!;
    const immutableId = (await find(IMMUTABLE)).id!;
    assert.notEqual(regularId, immutableId);

    const created = (path: string) => waitFor(() => items(path).find((i) => i.changeType === 'created'), { message: `created on ${path}` });
    const r = await created('/regular');
    const i = await created('/immutable');
    assert.equal(r.resource, `Users/${user.id}/Messages/${regularId}`);
    assert.equal(dataId(r), regularId);
    assert.equal((r.resourceData as Record<string, unknown>)['@odata.id'], r.resource);
    assert.equal(i.resource, `Users/${user.id}/Messages/${immutableId}`);
    assert.equal(dataId(i), immutableId);
    assert.equal((i.resourceData as Record<string, unknown>)['@odata.id'], i.resource);
    assert.equal(i.subscriptionId, immutableSub.id);

    // A move without the header: the regular id changes, the immutable one does not.
    const moved = await graph(`/me/messages/${regularId}/move`, { method: 'POST', body: { destinationId: 'archive' } });
    assert.equal(moved.status, 201);
    const newRegularId = ((await moved.json()) as Message).id!;
    assert.notEqual(newRegularId, regularId);
    const afterMove = (path: string) => waitFor(() => {
      const all = items(path);
      return all.some((x) => x.changeType === 'deleted') && all.filter((x) => x.changeType === 'created').length >= 2 ? all : undefined;
    }, { message: `move notifications on ${path}` });
    const regularItems = await afterMove('/regular');
    const immutableItems = await afterMove('/immutable');
    assert.equal(dataId(regularItems.find((x) => x.changeType === 'deleted')), regularId);
    assert.equal(dataId(regularItems.filter((x) => x.changeType === 'created')[1]), newRegularId);
    assert.equal(dataId(immutableItems.find((x) => x.changeType === 'deleted')), immutableId);
    assert.equal(dataId(immutableItems.filter((x) => x.changeType === 'created')[1]), immutableId);

    // Renewing keeps the subscription's id format: only recreating changes it, as in Graph.
    const renewed = await graph(`/subscriptions/${regularSub.id}`, { method: 'PATCH', prefer: IMMUTABLE, body: { expirationDateTime: new Date(Date.now() + 90 * 60_000).toISOString() } });
    assert.equal(renewed.status, 200);
    const patched = await graph(`/me/messages/${immutableId}`, { method: 'PATCH', body: { isRead: true } });
    assert.equal(patched.status, 200);
    const updated = (path: string) => waitFor(() => items(path).find((x) => x.changeType === 'updated'), { message: `updated on ${path}` });
    assert.equal(dataId(await updated('/regular')), newRegularId);
    assert.equal(dataId(await updated('/immutable')), immutableId);
  });

  test('a data directory from before immutable-id subscriptions gains the column, defaulting to regular ids', () => {
    const db = new Database(':memory:');
    db.exec(`CREATE TABLE graph_subscriptions (id TEXT PRIMARY KEY, tenant_id TEXT NOT NULL, user_id TEXT NOT NULL, app_id TEXT NOT NULL,
      resource TEXT NOT NULL, kind TEXT NOT NULL, match_prefixes TEXT NOT NULL, change_type TEXT NOT NULL, notification_url TEXT NOT NULL,
      lifecycle_url TEXT, client_state TEXT, expires_at INTEGER NOT NULL, latest_tls TEXT NOT NULL, include_resource_data INTEGER NOT NULL DEFAULT 0,
      encryption_certificate_id TEXT, token_expires_at INTEGER NOT NULL, reauth_notified_for INTEGER, created_at INTEGER NOT NULL)`);
    db.prepare(`INSERT INTO graph_subscriptions (id, tenant_id, user_id, app_id, resource, kind, match_prefixes, change_type, notification_url,
      expires_at, latest_tls, token_expires_at, created_at) VALUES ('old', 't', 'u', 'a', '/me/messages', 'message', '[]', 'created', 'https://x.test', 1, 'v1_2', 1, 1)`).run();
    const store = new SubscriptionStore(db);
    assert.equal(store.get('old')?.immutableIds, false);
    db.close();
  });
});
