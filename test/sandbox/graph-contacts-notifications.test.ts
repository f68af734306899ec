import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Subscription } from '@microsoft/microsoft-graph-types';
import type { DirectoryUser } from '../../sandbox/core/directory.js';
import { Receiver } from '../../sandbox/notifications/testkit.js';
import { control, createTenantWithUsers, registerApp, startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { waitFor } from '../helpers/wait.js';

// The composed sandbox over HTTPS with real tokens: contact changes reach /me/contacts and folder subscriptions.
describe('sandbox contact change notifications end to end', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'tandem-contacts-notif-'));
  let sb: TestSandbox;
  let hook: Receiver;
  let user: DirectoryUser;
  let clientId: string;
  const bearer = (scopes: string[]) => sb.identity.tokens.issue({ user, clientId, granted: new Set(scopes), clientInfo: false }).access_token;
  const graph = async <T>(path: string, init: { method?: string; body?: unknown; scopes?: string[] } = {}) => {
    const r = await sb.fetch(`${sb.urls.graph}/v1.0${path}`, {
      method: init.method ?? 'GET',
      headers: { authorization: `Bearer ${bearer(init.scopes ?? ['openid', 'Contacts.ReadWrite'])}`, ...(init.body ? { 'content-type': 'application/json' } : {}) },
      body: init.body ? JSON.stringify(init.body) : undefined,
    });
    const text = await r.text();
    return { status: r.status, body: (text ? JSON.parse(text) : undefined) as T };
  };
  const subscribe = (resource: string, path: string, extra: Record<string, unknown> = {}) => graph<Subscription>('/subscriptions', {
    method: 'POST',
    body: { changeType: 'created,updated,deleted', notificationUrl: `${hook.url}${path}`, resource, expirationDateTime: new Date(Date.now() + 4_230 * 60_000).toISOString(), clientState: 'contacts-state', ...extra },
  });

  before(async () => {
    sb = await startTestSandbox({ dataDir, notificationDelayMs: 20 });
    hook = await new Receiver().start();
    const { users } = await createTenantWithUsers(sb, { domain: 'contactsnotif.onmicrosoft.com', users: [{ userPrincipalName: 'cora', password: 'pw' }] });
    user = users[0]!;
    clientId = (await registerApp(sb, { redirectUris: ['https://app.test/callback'] })).clientId;
  });
  after(async () => {
    await sb.close();
    await hook.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('/me/contacts gets created, updated and deleted as Users/{id}/Contacts/{id}, #Microsoft.Graph.Contact, with the etag', async () => {
    const sub = await subscribe('/me/contacts', '/all', { lifecycleNotificationUrl: `${hook.url}/life` });
    assert.equal(sub.status, 201, JSON.stringify(sub.body));
    const c = await graph<{ id: string; changeKey: string }>('/me/contacts', { method: 'POST', body: { givenName: 'Notify', surname: 'Me' } });
    assert.equal(c.status, 201);
    const patched = await graph<{ changeKey: string }>(`/me/contacts/${c.body.id}`, { method: 'PATCH', body: { jobTitle: 'Buyer' } });
    await control(sb, 'DELETE', `/control/contacts/${user.id}/contacts/${c.body.id}`);
    const items = await waitFor(() => {
      const got = hook.items('/all');
      return got.length >= 3 ? got : undefined;
    }, { message: 'three contact notifications' });
    assert.deepEqual(items.map((i) => i.changeType), ['created', 'updated', 'deleted']);
    for (const i of items) {
      assert.equal(i.resource, `Users/${user.id}/Contacts/${c.body.id}`);
      assert.equal(i.clientState, 'contacts-state');
      const data = i.resourceData as Record<string, unknown>;
      assert.equal(data['@odata.type'], '#Microsoft.Graph.Contact');
      assert.equal(data.id, c.body.id);
    }
    assert.equal((items[0]!.resourceData as Record<string, unknown>)['@odata.etag'], `W/"${c.body.changeKey}"`);
    assert.equal((items[1]!.resourceData as Record<string, unknown>)['@odata.etag'], `W/"${patched.body.changeKey}"`);
    assert.equal((items[2]!.resourceData as Record<string, unknown>)['@odata.etag'], undefined, 'a deletion carries no etag');
  });

  test('a folder subscription hears only its folder; a contact created "in Outlook" notifies too', async () => {
    const folder = await control<{ id: string }>(sb, 'POST', `/control/contacts/${user.userPrincipalName}/folders`, { displayName: 'Watched' });
    const sub = await subscribe(`me/contactFolders('${folder.id}')/contacts`, '/folder');
    assert.equal(sub.status, 201, JSON.stringify(sub.body));
    const outside = await graph<{ id: string }>('/me/contacts', { method: 'POST', body: { givenName: 'Outside' } });
    const inside = await control<{ id: string }>(sb, 'POST', `/control/contacts/${user.id}/contacts`, { parentFolderId: folder.id, givenName: 'Inside' });
    const item = await waitFor(() => hook.items('/folder').find((i) => (i.resourceData as { id: string }).id === inside.id), { message: 'folder notification' });
    assert.equal(item.changeType, 'created');
    assert.equal(item.resource, `Users/${user.id}/Contacts/${inside.id}`);
    // The default-folder contact was created first; once the folder's arrived, it would have too.
    await control(sb, 'POST', '/control/notifications/flush');
    assert.ok(!hook.items('/folder').some((i) => (i.resourceData as { id: string }).id === outside.body.id));
  });

  test('lifecycle events reach contact subscriptions (subscriptionRemoved, missed); Contacts.Read is needed to subscribe', async () => {
    const sub = await subscribe('/me/contacts', '/life-all', { lifecycleNotificationUrl: `${hook.url}/life2` });
    assert.equal(sub.status, 201);
    for (const event of ['missed', 'subscriptionRemoved']) {
      const r = await control<{ queued: boolean }>(sb, 'POST', `/control/notifications/subscriptions/${sub.body.id}/lifecycle`, { event });
      assert.equal(r.queued, true, event);
    }
    const events = await waitFor(() => {
      const got = hook.items('/life2');
      return got.length >= 2 ? got : undefined;
    }, { message: 'two lifecycle notifications' });
    assert.deepEqual(events.map((e) => e.lifecycleEvent), ['missed', 'subscriptionRemoved']);
    assert.equal((await graph(`/subscriptions/${sub.body.id}`)).status, 404, 'removed');
    const noScope = await graph('/subscriptions', {
      method: 'POST', scopes: ['openid', 'Mail.Read'],
      body: { changeType: 'created', notificationUrl: `${hook.url}/x`, resource: '/me/contacts', expirationDateTime: new Date(Date.now() + 60 * 60_000).toISOString(), clientState: 's' },
    });
    assert.equal(noScope.status, 403);
  });
});
