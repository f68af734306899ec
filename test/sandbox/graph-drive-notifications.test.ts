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

// The composed sandbox over HTTPS with real tokens: anything that changes in a OneDrive reaches /me/drive/root subscribers.
describe('sandbox driveItem change notifications end to end', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'tandem-drive-notif-'));
  let sb: TestSandbox;
  let hook: Receiver;
  let user: DirectoryUser;
  let other: DirectoryUser;
  let clientId: string;
  const bearer = (u: DirectoryUser, scopes: string[]) => sb.identity.tokens.issue({ user: u, clientId, granted: new Set(scopes), clientInfo: false }).access_token;
  const graph = async <T>(path: string, init: { method?: string; body?: unknown; raw?: string; scopes?: string[]; as?: DirectoryUser } = {}) => {
    const r = await sb.fetch(`${sb.urls.graph}/v1.0${path}`, {
      method: init.method ?? 'GET',
      headers: { authorization: `Bearer ${bearer(init.as ?? user, init.scopes ?? ['openid', 'Files.ReadWrite'])}`, ...(init.body ? { 'content-type': 'application/json' } : {}) },
      body: init.body ? JSON.stringify(init.body) : init.raw,
    });
    const text = await r.text();
    return { status: r.status, body: (text ? JSON.parse(text) : undefined) as T };
  };
  const subscribe = (path: string, extra: Record<string, unknown> = {}, as = user) => graph<Subscription>('/subscriptions', {
    method: 'POST', as,
    body: { changeType: 'updated', notificationUrl: `${hook.url}${path}`, resource: '/me/drive/root', expirationDateTime: new Date(Date.now() + 3 * 24 * 60 * 60_000).toISOString(), clientState: 'drive-state', ...extra },
  });

  before(async () => {
    sb = await startTestSandbox({ dataDir, notificationDelayMs: 20 });
    hook = await new Receiver().start();
    const { users } = await createTenantWithUsers(sb, { domain: 'drivenotif.onmicrosoft.com', users: [{ userPrincipalName: 'dora', password: 'pw' }, { userPrincipalName: 'otto', password: 'pw' }] });
    [user, other] = users as [DirectoryUser, DirectoryUser];
    clientId = (await registerApp(sb, { redirectUris: ['https://app.test/callback'] })).clientId;
  });
  after(async () => {
    await sb.close();
    await hook.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('an upload, a folder, a rename and a delete through Graph each notify `updated` on /me/drive/root, with no resource data', async () => {
    const sub = await subscribe('/mine');
    assert.equal(sub.status, 201, JSON.stringify(sub.body));
    assert.ok(Date.parse(sub.body.expirationDateTime!) > Date.now() + 2 * 24 * 60 * 60_000, 'driveItem subscriptions may live up to 42,300 minutes');
    const file = await graph<{ id: string }>('/me/drive/root:/notify.txt:/content', { method: 'PUT', raw: 'hello' });
    assert.equal(file.status, 201);
    await graph('/me/drive/root/children', { method: 'POST', body: { name: 'Watched', folder: {} } });
    await graph(`/me/drive/items/${file.body.id}`, { method: 'PATCH', body: { name: 'renamed.txt' } });
    await graph(`/me/drive/items/${file.body.id}`, { method: 'DELETE' });
    const items = await waitFor(() => {
      const got = hook.items('/mine');
      return got.length >= 4 ? got : undefined;
    }, { message: 'four drive notifications' });
    for (const i of items) {
      assert.equal(i.changeType, 'updated');
      assert.equal(i.resource, '/me/drive/root');
      assert.equal(i.subscriptionId, sub.body.id);
      assert.equal(i.clientState, 'drive-state');
      assert.equal(i.tenantId, user.tenantId);
      assert.equal('resourceData' in i, false, 'OneDrive says only that something changed');
    }
  });

  test('a change made "in OneDrive" through the control API notifies too; another user\'s drive does not notify this subscription', async () => {
    const sub = await subscribe('/control');
    assert.equal(sub.status, 201);
    await control(sb, 'POST', `/control/files/${other.userPrincipalName}/items`, { path: 'Theirs/other.txt', content: 'not yours' });
    await control(sb, 'POST', `/control/files/${user.userPrincipalName}/items`, { path: 'Mine/added.txt', content: 'yours' });
    await waitFor(() => hook.items('/control').length >= 1 || undefined, { message: 'control change notified' });
    await control(sb, 'POST', '/control/notifications/flush');
    // dora's own change only: the folder made on the path, then the file (otto's two changes are not hers).
    assert.equal(hook.items('/control').length, 2, JSON.stringify(hook.items('/control')));
    const theirs = await subscribe('/theirs', {}, other);
    assert.equal(theirs.status, 201);
    const patched = await sb.fetch(`${sb.urls.control}/control/files/${user.userPrincipalName}/items/Mine/added.txt`, {
      method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ content: 'changed' }),
    });
    assert.equal(patched.status, 200, await patched.text());
    await waitFor(() => hook.items('/control').length >= 3 || undefined, { message: 'content change notified' });
    await control(sb, 'POST', '/control/notifications/flush');
    assert.equal(hook.items('/theirs').length, 0);
  });

  test('driveItem subscriptions take only changeType updated and need a files permission', async () => {
    const created = await subscribe('/bad', { changeType: 'created' });
    assert.equal(created.status, 400);
    const noScope = await graph('/subscriptions', {
      method: 'POST', scopes: ['openid', 'Mail.Read'],
      body: { changeType: 'updated', notificationUrl: `${hook.url}/x`, resource: '/me/drive/root', expirationDateTime: new Date(Date.now() + 60 * 60_000).toISOString(), clientState: 's' },
    });
    assert.equal(noScope.status, 403);
  });
});
