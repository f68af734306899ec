import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { ChangeNotificationCollection, Subscription } from '@microsoft/microsoft-graph-types';
import type { DirectoryUser } from '../../sandbox/core/directory.js';
import { messageChange, Receiver } from '../../sandbox/notifications/testkit.js';
import { control, createTenantWithUsers, registerApp, startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { waitFor } from '../helpers/wait.js';

// Drives the composed sandbox (HTTPS Graph listener, real identity tokens, loopback control
// listener) the way Tandem does. Tokens are minted by the sandbox's own issuer; the PKCE
// sign-in itself is covered by the identity tests.
describe('sandbox subscriptions end to end', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'tandem-notif-e2e-'));
  let sb: TestSandbox;
  let hook: Receiver;
  let user: DirectoryUser;
  let clientId: string;

  const bearer = () =>
    sb.identity.tokens.issue({ user, clientId, granted: new Set(['openid', 'Mail.Read']), clientInfo: false }).access_token;
  const graph = (path: string, init: { method?: string; body?: unknown } = {}) =>
    sb.fetch(`${sb.urls.graph}/v1.0${path}`, {
      method: init.method ?? 'GET',
      headers: { authorization: `Bearer ${bearer()}`, ...(init.body ? { 'content-type': 'application/json' } : {}) },
      body: init.body ? JSON.stringify(init.body) : undefined,
    });

  before(async () => {
    sb = await startTestSandbox({ dataDir, notificationDelayMs: 30 });
    hook = await new Receiver().start();
    const { users } = await createTenantWithUsers(sb, { domain: 'notif.onmicrosoft.com', users: [{ userPrincipalName: 'nia', password: 'pw' }] });
    user = users[0]!;
    clientId = (await registerApp(sb, { redirectUris: ['https://app.test/callback'] })).clientId;
  });
  after(async () => {
    await sb.close();
    await hook.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('subscribe over HTTPS, receive a batched notification, survive a restart, delete', async () => {
    const created = await graph('/subscriptions', {
      method: 'POST',
      body: { changeType: 'created,updated', notificationUrl: `${hook.url}/graph?acct=7`, resource: "me/mailFolders('inbox')/messages", expirationDateTime: new Date(Date.now() + 4_000 * 60_000).toISOString(), clientState: 'e2e-state' },
    });
    assert.equal(created.status, 201, await created.clone().text());
    const sub = (await created.json()) as Subscription & { '@odata.context': string };
    assert.equal(sub['@odata.context'], `${sb.urls.graph}/v1.0/$metadata#subscriptions/$entity`);
    assert.equal(sub.applicationId, clientId);

    // As the mail module publishes: mailbox-wide path, folder by id and by well-known name.
    const id = 'AAMkAD-e2e';
    const change = {
      ...messageChange(user.id, id),
      tenantId: user.tenantId,
      resourcePaths: [`Users/${user.id}/Messages/${id}`, `Users/${user.id}/MailFolders/AQMkADopaque/Messages/${id}`, `Users/${user.id}/MailFolders/inbox/Messages/${id}`],
    };
    sb.context.bus.publish(change);
    const body: ChangeNotificationCollection = await waitFor(() => hook.notifications('/graph')[0], { timeoutMs: 5_000, message: 'notification' });
    assert.equal(body.value?.[0]?.clientState, 'e2e-state');
    assert.equal(body.value?.[0]?.tenantId, user.tenantId);
    assert.equal(body.value?.[0]?.resource, `Users/${user.id}/Messages/AAMkAD-e2e`);

    const stats = await control<{ total: { sent: number } }>(sb, 'GET', '/control/notifications/stats');
    assert.equal(stats.total.sent, 1);

    await sb.close();
    sb = await startTestSandbox({ dataDir, notificationDelayMs: 30 });
    const again = await graph(`/subscriptions/${sub.id}`);
    assert.equal(again.status, 200, 'persisted across restart');

    assert.equal((await graph(`/subscriptions/${sub.id}`, { method: 'DELETE' })).status, 204);
    const gone = await graph(`/subscriptions/${sub.id}`, { method: 'DELETE' });
    assert.equal(gone.status, 404);
    assert.equal(((await gone.json()) as { error: { code: string } }).error.code, 'ResourceNotFound');
  });
});
