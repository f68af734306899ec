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

// The composed sandbox over HTTPS with real tokens: task changes reach /me/todo/lists/{id}/tasks subscriptions.
describe('sandbox To Do change notifications end to end', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'tandem-todo-notif-'));
  let sb: TestSandbox;
  let hook: Receiver;
  let user: DirectoryUser;
  let clientId: string;
  let listA: string;
  let listB: string;
  const bearer = (scopes: string[]) => sb.identity.tokens.issue({ user, clientId, granted: new Set(scopes), clientInfo: false }).access_token;
  const graph = async <T>(path: string, init: { method?: string; body?: unknown; scopes?: string[] } = {}) => {
    const r = await sb.fetch(`${sb.urls.graph}/v1.0${path}`, {
      method: init.method ?? 'GET',
      headers: { authorization: `Bearer ${bearer(init.scopes ?? ['openid', 'Tasks.ReadWrite'])}`, ...(init.body ? { 'content-type': 'application/json' } : {}) },
      body: init.body ? JSON.stringify(init.body) : undefined,
    });
    const text = await r.text();
    return { status: r.status, body: (text ? JSON.parse(text) : undefined) as T };
  };
  const subscribe = (resource: string, path: string, extra: Record<string, unknown> = {}, scopes?: string[]) => graph<Subscription>('/subscriptions', {
    method: 'POST', ...(scopes ? { scopes } : {}),
    body: { changeType: 'created,updated,deleted', notificationUrl: `${hook.url}${path}`, resource, expirationDateTime: new Date(Date.now() + 4_230 * 60_000).toISOString(), clientState: 'todo-state', ...extra },
  });
  const ids = (path: string) => hook.items(path).map((i) => [i.changeType, (i.resourceData as { id: string }).id]);

  before(async () => {
    sb = await startTestSandbox({ dataDir, notificationDelayMs: 20 });
    hook = await new Receiver().start();
    const { users } = await createTenantWithUsers(sb, { domain: 'todonotif.onmicrosoft.com', users: [{ userPrincipalName: 'tess', password: 'pw' }] });
    user = users[0]!;
    clientId = (await registerApp(sb, { redirectUris: ['https://app.test/callback'] })).clientId;
    listA = (await graph<{ value: Array<{ id: string }> }>('/me/todo/lists')).body.value[0]!.id;
    listB = (await graph<{ id: string }>('/me/todo/lists', { method: 'POST', body: { displayName: 'Someday' } })).body.id;
  });
  after(async () => {
    await sb.close();
    await hook.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('a list\'s subscription gets created, updated and deleted as #Microsoft.Graph.todoTask with the etag', async () => {
    const sub = await subscribe(`/me/todo/lists/${listA}/tasks`, '/a');
    assert.equal(sub.status, 201, JSON.stringify(sub.body));
    const t = await graph<{ id: string; '@odata.etag': string }>(`/me/todo/lists/${listA}/tasks`, { method: 'POST', body: { title: 'Notify me' } });
    const done = await graph<{ '@odata.etag': string }>(`/me/todo/lists/${listA}/tasks/${t.body.id}`, { method: 'PATCH', body: { status: 'completed' } });
    await graph(`/me/todo/lists/${listA}/tasks/${t.body.id}`, { method: 'DELETE' });
    await graph(`/me/todo/lists/${listB}/tasks`, { method: 'POST', body: { title: 'Not in A' } });
    const items = await waitFor(() => (hook.items('/a').length >= 3 ? hook.items('/a') : undefined), { message: 'three task notifications' });
    assert.deepEqual(ids('/a'), [['created', t.body.id], ['updated', t.body.id], ['deleted', t.body.id]]);
    for (const i of items) {
      assert.equal(i.resource, `Users/${user.id}/todo/lists/${listA}/tasks/${t.body.id}`);
      assert.equal(i.clientState, 'todo-state');
      assert.equal((i.resourceData as Record<string, unknown>)['@odata.type'], '#Microsoft.Graph.todoTask');
    }
    assert.equal((items[0]!.resourceData as Record<string, unknown>)['@odata.etag'], t.body['@odata.etag']);
    assert.equal((items[1]!.resourceData as Record<string, unknown>)['@odata.etag'], done.body['@odata.etag']);
    await control(sb, 'POST', '/control/notifications/flush');
    assert.equal(hook.items('/a').length, 3, 'the task created in list B did not reach list A\'s subscription');
  });

  test('a task completed and moved "in To Do": updated, then deleted in the old list and created (new id) in the new one', async () => {
    await subscribe(`me/todo/lists('${listA}')/tasks`, '/from');
    await subscribe(`/me/todo/lists/${listB}/tasks`, '/to');
    const t = await control<{ id: string }>(sb, 'POST', `/control/todo/${user.userPrincipalName}/tasks`, { listId: listA, title: 'Move me' });
    await control(sb, 'POST', `/control/todo/${user.id}/tasks/${t.id}/complete`);
    const moved = await control<{ id: string }>(sb, 'POST', `/control/todo/${user.id}/tasks/${t.id}/move`, { listId: listB });
    await waitFor(() => hook.items('/from').length >= 3 && hook.items('/to').some((i) => (i.resourceData as { id: string }).id === moved.id), { message: 'move notifications' });
    assert.deepEqual(ids('/from'), [['created', t.id], ['updated', t.id], ['deleted', t.id]]);
    assert.deepEqual(ids('/to').filter(([, id]) => id === moved.id), [['created', moved.id]]);
  });

  test('todoTask subscriptions get reauthorizationRequired but not missed; Tasks.Read is needed to subscribe', async () => {
    const sub = await subscribe(`/me/todo/lists/${listA}/tasks`, '/l', { lifecycleNotificationUrl: `${hook.url}/life` });
    assert.equal(sub.status, 201);
    const missed = await control<{ queued: boolean }>(sb, 'POST', `/control/notifications/subscriptions/${sub.body.id}/lifecycle`, { event: 'missed' });
    assert.equal(missed.queued, false);
    const reauth = await control<{ queued: boolean }>(sb, 'POST', `/control/notifications/subscriptions/${sub.body.id}/lifecycle`, { event: 'reauthorizationRequired' });
    assert.equal(reauth.queued, true);
    const events = await waitFor(() => (hook.items('/life').length ? hook.items('/life') : undefined), { message: 'lifecycle notification' });
    assert.deepEqual(events.map((e) => e.lifecycleEvent), ['reauthorizationRequired']);
    const refused = await subscribe(`/me/todo/lists/${listA}/tasks`, '/x', {}, ['openid', 'Contacts.ReadWrite']);
    assert.equal(refused.status, 403);
  });
});
