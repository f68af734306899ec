import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { AccountInfo, ConfidentialClientApplication } from '@azure/msal-node';
import { BatchRequestContent, BatchResponseContent, GraphError, PageIterator, type Client, type PageCollection } from '@microsoft/microsoft-graph-client';
import type { Message, Subscription, User } from '@microsoft/microsoft-graph-types';
import type { Agent } from 'undici';
import { Receiver } from '../../sandbox/notifications/testkit.js';
import { control, type TestSandbox } from '../helpers/sandbox.js';
import { waitFor } from '../helpers/wait.js';
import { atHost, graphClient, msalClient, reachableHosts, seedTenant, signInWithMsal, startClientsSandbox, type ClientsTenant } from './clientsHarness.js';

// The Graph JavaScript SDK 3.x, unchanged (default middleware: auth, retry, redirect), with tokens
// from MSAL, against the sandbox called by each of its names. Every link the sandbox hands out
// must lead back to the host the SDK called, or the SDK would drop the token on the next page.
const SCOPES = ['User.Read', 'Mail.ReadWrite', 'Mail.Send'];

let sb: TestSandbox;
let hosts: string[] = [];
let hook: Receiver;
before(async () => {
  sb = await startClientsSandbox();
  hook = await new Receiver().start();
  const reachable = reachableHosts(sb);
  hosts = reachable.hosts;
  if (reachable.note) console.log(`# ${reachable.note}`);
});
after(async () => {
  await sb.close();
  await hook.close();
});

async function graphError(p: Promise<unknown>): Promise<GraphError> {
  const e = await p.then(() => undefined, (err: unknown) => err);
  assert.ok(e instanceof GraphError, `expected a GraphError, got ${String(e)}`);
  return e;
}

for (const host of ['localhost', '127.0.0.1', '[::1]']) {
  describe(`Graph SDK against the sandbox as ${host}`, () => {
    let t: ClientsTenant;
    let cca: ConfidentialClientApplication;
    let account: AccountInfo;
    let client: Client;
    let dispatcher: Agent;
    let base: string;
    const usable = () => hosts.includes(host);
    const mailbox = () => t.userIds[0]!;
    const deliver = async (subject: string) =>
      (await control<{ id: string }>(sb, 'POST', '/control/mail/deliver', { mailbox: mailbox(), from: { address: 'outside@partner.example' }, subject, body: 'Hello' })).id;

    before(async () => {
      if (!usable()) return;
      t = await seedTenant(sb, `sdk-${host.replace(/[^a-z0-9]/gi, '') || 'v6'}`, ['ann']);
      cca = msalClient(sb, t, `${atHost(sb.urls.login, host)}/organizations`);
      account = (await signInWithMsal(sb, cca, t.upns[0]!, SCOPES)).account!;
      ({ client, dispatcher } = graphClient(sb, host, async () => (await cca.acquireTokenSilent({ account, scopes: SCOPES })).accessToken));
      base = atHost(sb.urls.graph, host);
      await control(sb, 'POST', '/control/mail/generate', { mailbox: mailbox(), count: 60 });
    });
    after(async () => { await dispatcher?.close(); });

    test('PageIterator walks a folder page by page; the count equals the control API\'s', async (c) => {
      if (!usable()) return c.skip('IPv6 loopback unavailable on this machine');
      const first = (await client.api('/me/mailFolders/inbox/messages').top(7).select('id,subject').get()) as PageCollection;
      assert.ok(String(first['@odata.nextLink']).startsWith(`${base}/v1.0/`), first['@odata.nextLink']);
      const seen = new Set<string>();
      await new PageIterator(client, first, (m: Message) => { seen.add(m.id!); return true; }).iterate();
      const folders = await control<{ value: Array<{ wellKnownName: string; totalItemCount: number }> }>(sb, 'GET', `/control/mail/folders?mailbox=${mailbox()}`);
      const inbox = folders.value.find((f) => f.wellKnownName === 'inbox')!;
      assert.ok(inbox.totalItemCount > 7);
      assert.equal(seen.size, inbox.totalItemCount);
    });

    test('delta to the end, then the deltaLink returns exactly a newly delivered message', async (c) => {
      if (!usable()) return c.skip('IPv6 loopback unavailable on this machine');
      const round = new PageIterator(client, (await client.api('/me/mailFolders/inbox/messages/delta').get()) as PageCollection, () => true);
      await round.iterate();
      const deltaLink = round.getDeltaLink();
      assert.ok(deltaLink?.startsWith(`${base}/v1.0/`), deltaLink);
      const id = await deliver('Arrived after the round');
      const next = (await client.api(deltaLink!).get()) as PageCollection;
      assert.deepEqual(next.value.map((m: Message) => [m.id, m.subject]), [[id, 'Arrived after the round']]);
    });

    test('BatchRequestContent and BatchResponseContent round trip', async (c) => {
      if (!usable()) return c.skip('IPv6 loopback unavailable on this machine');
      const batch = new BatchRequestContent([
        { id: '1', request: new Request(`${base}/v1.0/me`, { method: 'GET' }) },
        { id: '2', request: new Request(`${base}/v1.0/me/mailFolders/inbox`, { method: 'GET' }) },
        { id: '3', request: new Request(`${base}/v1.0/me/messages`, { method: 'POST', body: JSON.stringify({ subject: 'Batched draft' }), headers: { 'Content-Type': 'application/json' } }) },
        { id: '4', request: new Request(`${base}/v1.0/me/messages/AAMkAGnothing=`, { method: 'GET' }) },
      ]);
      const answer = new BatchResponseContent(await client.api('/$batch').post(await batch.getContent()));
      const me = answer.getResponseById('1');
      assert.equal(me.status, 200);
      assert.equal(((await me.json()) as User).userPrincipalName, t.upns[0]);
      assert.equal(((await answer.getResponseById('2').json()) as { displayName: string }).displayName, 'Inbox');
      const draft = answer.getResponseById('3');
      assert.equal(draft.status, 201);
      assert.equal(((await draft.json()) as Message).subject, 'Batched draft');
      const missing = answer.getResponseById('4');
      assert.equal(missing.status, 404);
      assert.equal(((await missing.json()) as { error: { code: string } }).error.code, 'ErrorItemNotFound');
    });

    test('RetryHandler waits out a 429 Retry-After and then succeeds', async (c) => {
      if (!usable()) return c.skip('IPv6 loopback unavailable on this machine');
      const before = await control<{ faultsServed: number }>(sb, 'GET', '/control/mail/stats');
      await control(sb, 'POST', '/control/mail/faults', { mailbox: mailbox(), status: 429, count: 1, retryAfter: 1 });
      const started = Date.now();
      const page = (await client.api('/me/messages').top(1).get()) as PageCollection;
      assert.equal(page.value.length, 1);
      assert.ok(Date.now() - started >= 950, `retried after ${Date.now() - started} ms, before Retry-After elapsed`);
      const afterStats = await control<{ faultsServed: number }>(sb, 'GET', '/control/mail/stats');
      assert.equal(afterStats.faultsServed - before.faultsServed, 1);
    });

    test('GraphError codes: bad id, unknown segment, unknown version, unknown top-level path', async (c) => {
      if (!usable()) return c.skip('IPv6 loopback unavailable on this machine');
      const id = await deliver('Soon gone');
      await client.api(`/me/messages/${id}`).delete();
      const badId = await graphError(client.api(`/me/messages/${id}`).get());
      assert.deepEqual([badId.statusCode, badId.code], [404, 'ErrorItemNotFound']);
      assert.ok(badId.requestId);
      const segment = await graphError(client.api('/me/nonsense').get());
      assert.deepEqual([segment.statusCode, segment.code], [400, 'BadRequest']);
      assert.match(segment.message, /segment 'nonsense'/);
      const version = await graphError(client.api(`${base}/v9.9/me`).get());
      assert.deepEqual([version.statusCode, version.code, version.message], [400, 'BadRequest', 'Invalid version: v9.9']);
      const beta = await graphError(client.api('/me').version('beta').get());
      assert.deepEqual([beta.statusCode, beta.code], [501, 'NotImplemented']);
      const topLevel = await graphError(client.api('/nonsense').get());
      assert.deepEqual([topLevel.statusCode, topLevel.code], [400, 'BadRequest']);
      const unserved = await graphError(client.api('/organization').get());
      assert.deepEqual([unserved.statusCode, unserved.code], [501, 'NotImplemented']);
    });

    test('$search finds the message asked for, and only it', async (c) => {
      if (!usable()) return c.skip('IPv6 loopback unavailable on this machine');
      const id = await deliver(`Needle ${host} quokka`);
      const found = (await client.api('/me/messages').search('"subject:quokka"').select('id,subject').get()) as PageCollection;
      assert.deepEqual(found.value.map((m: Message) => m.id), [id]);
      const none = (await client.api('/me/messages').search('"zzqxv-nothing"').get()) as PageCollection;
      assert.deepEqual(none.value, []);
    });

    test('a subscription: validation handshake, then a notification for a delivered message', async (c) => {
      if (!usable()) return c.skip('IPv6 loopback unavailable on this machine');
      const path = `/sdk-${host.replace(/[^a-z0-9]/gi, '') || 'v6'}`;
      const sub = (await client.api('/subscriptions').post({
        changeType: 'created', notificationUrl: `${hook.url}${path}`, resource: "me/mailFolders('inbox')/messages",
        expirationDateTime: new Date(Date.now() + 60 * 60_000).toISOString(), clientState: `state-${path}`,
      })) as Subscription & { '@odata.context': string };
      assert.equal(sub['@odata.context'], `${base}/v1.0/$metadata#subscriptions/$entity`);
      assert.ok(hook.requests.some((r) => r.path === path && r.query.get('validationToken')), 'validation handshake');
      const id = await deliver('Notify me');
      const item = await waitFor(() => hook.items(path).find((n) => String(n.resource).endsWith(id)), { timeoutMs: 5_000, message: 'notification' });
      assert.equal(item.clientState, `state-${path}`);
      assert.equal(item.subscriptionId, sub.id);
      await client.api(`/subscriptions/${sub.id}`).delete();
    });
  });
}
