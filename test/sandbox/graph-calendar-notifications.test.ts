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

// The composed sandbox over HTTPS with real tokens: calendar changes reach /me/events subscriptions.
describe('sandbox calendar change notifications end to end', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'tandem-cal-notif-'));
  let sb: TestSandbox;
  let hook: Receiver;
  let user: DirectoryUser;
  let clientId: string;
  const bearer = (scopes = ['openid', 'Calendars.ReadWrite']) =>
    sb.identity.tokens.issue({ user, clientId, granted: new Set(scopes), clientInfo: false }).access_token;
  const graph = async <T>(path: string, init: { method?: string; body?: unknown; scopes?: string[] } = {}) => {
    const r = await sb.fetch(`${sb.urls.graph}/v1.0${path}`, {
      method: init.method ?? 'GET',
      headers: { authorization: `Bearer ${bearer(init.scopes)}`, ...(init.body ? { 'content-type': 'application/json' } : {}) },
      body: init.body ? JSON.stringify(init.body) : undefined,
    });
    const text = await r.text();
    return { status: r.status, body: (text ? JSON.parse(text) : undefined) as T };
  };

  before(async () => {
    sb = await startTestSandbox({ dataDir, notificationDelayMs: 20 });
    hook = await new Receiver().start();
    const { users } = await createTenantWithUsers(sb, { domain: 'calnotif.onmicrosoft.com', users: [{ userPrincipalName: 'cara', password: 'pw' }] });
    user = users[0]!;
    clientId = (await registerApp(sb, { redirectUris: ['https://app.test/callback'] })).clientId;
  });
  after(async () => {
    await sb.close();
    await hook.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('a subscription on /me/events gets created, updated and deleted as Users/{id}/Events/{id}, #Microsoft.Graph.Event', async () => {
    const sub = await graph<Subscription>('/subscriptions', {
      method: 'POST',
      body: { changeType: 'created,updated,deleted', notificationUrl: `${hook.url}/cal`, lifecycleNotificationUrl: `${hook.url}/life`, resource: '/me/events', expirationDateTime: new Date(Date.now() + 4_230 * 60_000).toISOString(), clientState: 'cal-state' },
    });
    assert.equal(sub.status, 201, JSON.stringify(sub.body));
    const ev = await graph<{ id: string; changeKey: string }>('/me/events', {
      method: 'POST', body: { subject: 'Notify me', start: { dateTime: '2026-12-03T09:00:00', timeZone: 'UTC' }, end: { dateTime: '2026-12-03T10:00:00', timeZone: 'UTC' } },
    });
    assert.equal(ev.status, 201);
    await graph(`/me/events/${ev.body.id}`, { method: 'PATCH', body: { subject: 'Notify me again' } });
    await control(sb, 'DELETE', `/control/calendar/${user.id}/events/${ev.body.id}`);
    const items = await waitFor(() => {
      const got = hook.items('/cal');
      return got.length >= 3 ? got : undefined;
    }, { message: 'three event notifications' });
    assert.deepEqual(items.map((i) => i.changeType), ['created', 'updated', 'deleted']);
    for (const i of items) {
      assert.equal(i.resource, `Users/${user.id}/Events/${ev.body.id}`);
      assert.equal(i.clientState, 'cal-state');
      assert.equal((i.resourceData as Record<string, unknown>)['@odata.type'], '#Microsoft.Graph.Event');
      assert.equal((i.resourceData as Record<string, unknown>).id, ev.body.id);
    }
  });

  test('an event created "in Outlook" through the control API notifies too; the maximum lifetime is 4,230 minutes', async () => {
    const tooLong = await graph<{ error: { message: string } }>('/subscriptions', {
      method: 'POST',
      body: { changeType: 'created', notificationUrl: `${hook.url}/outlook`, resource: 'me/events', expirationDateTime: new Date(Date.now() + 4_300 * 60_000).toISOString(), clientState: 's' },
    });
    assert.equal(tooLong.status, 400);
    assert.match(tooLong.body.error.message, /4230 minutes/);
    const sub = await graph<Subscription>('/subscriptions', {
      method: 'POST',
      body: { changeType: 'created', notificationUrl: `${hook.url}/outlook`, resource: 'me/events', expirationDateTime: new Date(Date.now() + 4_229 * 60_000).toISOString(), clientState: 's' },
    });
    assert.equal(sub.status, 201);
    const made = await control<{ id: string }>(sb, 'POST', `/control/calendar/${user.userPrincipalName}/events`, {
      subject: 'From Outlook', start: { dateTime: '2026-12-04T09:00:00', timeZone: 'UTC' }, end: { dateTime: '2026-12-04T10:00:00', timeZone: 'UTC' },
    });
    const item = await waitFor(() => hook.items('/outlook').find((i) => (i.resourceData as { id: string }).id === made.id), { message: 'control-created event notified' });
    assert.equal(item.changeType, 'created');
    const noScope = await graph('/subscriptions', {
      method: 'POST', scopes: ['openid', 'Mail.Read'],
      body: { changeType: 'created', notificationUrl: `${hook.url}/x`, resource: 'me/events', expirationDateTime: new Date(Date.now() + 60 * 60_000).toISOString(), clientState: 's' },
    });
    assert.equal(noScope.status, 403);
  });
});
