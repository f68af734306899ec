import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { inboxOf } from '../../src/app/microsoft/inbox/install.js';
import { DB_KINDS } from '../helpers/db.js';
import { accountIdOf, connectMicrosoft, postAndDrive, startMicrosoftTestEnv, type MicrosoftTestEnv } from '../helpers/microsoft.js';
import { control, createTenantWithUsers, startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';
import type { ApiClient } from '../helpers/server.js';
import { waitFor } from '../helpers/wait.js';
import type { Message } from '@microsoft/microsoft-graph-types';
import { deliverAndStore, graphCalls, graphMessage, storeFolders } from './inboxHarness.js';

/** Waits until no notification is queued or in flight and the sync has consumed every pending change. */
async function syncSettled(env: MicrosoftTestEnv, sb: TestSandbox, accountId: string): Promise<void> {
  await waitFor(async () => {
    const { queue } = await control<{ queue: Record<string, number> }>(sb, 'GET', '/control/notifications/stats');
    if (Object.values(queue).some((n) => n > 0)) return false;
    const pending = await env.database.db.selectFrom('microsoft_pending_changes').select('item_id').where('account_id', '=', accountId).execute();
    return pending.length === 0;
  }, { message: 'sync settled' });
}

for (const kind of DB_KINDS) {
  describe(`inbox API end to end (${kind})`, () => {
    let sb: TestSandbox;
    let env: MicrosoftTestEnv;
    let ann: { upn: string; mail: string };
    let bob: { upn: string; mail: string };
    let apiA: ApiClient;
    let apiB: ApiClient;
    let accountA: string;
    let accountB: string;
    const marker = `BODY-MARKER-${kind}-${Date.now()}`;

    before(async () => {
      sb = await startTestSandbox();
      env = await startMicrosoftTestEnv({ kind, sandbox: sb });
      const t1 = await createTenantWithUsers(sb, { domain: `t1${kind}.test`, users: [{ userPrincipalName: 'ann', password: 'pw' }, { userPrincipalName: 'bob', password: 'pw', displayName: 'Bob Colleague' }] });
      const t2 = await createTenantWithUsers(sb, { domain: `t2${kind}.test`, users: [{ userPrincipalName: 'cat', password: 'pw' }] });
      ann = { upn: t1.users[0]!.userPrincipalName, mail: t1.users[0]!.mail };
      bob = { upn: t1.users[1]!.userPrincipalName, mail: t1.users[1]!.mail };
      apiA = env.client();
      await apiA.signup();
      const a = await connectMicrosoft({ api: apiA, sandbox: sb, upn: ann.upn, password: 'pw', features: ['mail', 'people'] });
      assert.equal(a.ok, true, a.error);
      accountA = (await accountIdOf(env, apiA))!;
      apiB = env.client();
      await apiB.signup();
      const b = await connectMicrosoft({ api: apiB, sandbox: sb, upn: t2.users[0]!.userPrincipalName, password: 'pw', features: ['mail'] });
      assert.equal(b.ok, true, b.error);
      accountB = (await accountIdOf(env, apiB))!;
    });
    after(async () => {
      await env?.close();
      await sb?.close();
    });

    test('not connected → 409 not_connected', async () => {
      const c = env.client();
      await c.signup();
      const r = await c.request('GET', '/api/mail/messages');
      assert.equal(r.status, 409);
      assert.equal(r.body.error.code, 'not_connected');
    });

    test('list, read with the body fetched once then from the cache, mark read and unread', async () => {
      const id = await deliverAndStore(env, sb, { accountId: accountA, mailbox: ann.upn, subject: 'Quarterly numbers', body: `<p onclick="x()">Hello ${marker}</p><script>alert(1)</script>` });
      await storeFolders(env, accountA);
      const folders = await apiA.request('GET', '/api/mail/folders');
      assert.equal(folders.status, 200);
      const inbox = folders.body.items.find((f: { wellKnown: string }) => f.wellKnown === 'inbox');
      assert.ok(inbox, 'inbox folder listed');
      const list = await apiA.request('GET', `/api/mail/messages?folderId=${inbox.id}&limit=10`);
      assert.equal(list.status, 200);
      const item = list.body.items.find((m: { id: string }) => m.id === id);
      assert.equal(item.subject, 'Quarterly numbers');
      assert.equal(item.isRead, false);

      // The live sync also reads messages by id (to locate what a notification names): let it
      // finish with this delivery so the count below is the inbox's body fetches alone.
      await syncSettled(env, sb, accountA);
      await control(sb, 'POST', '/control/mail/stats/reset');
      const first = await apiA.request('GET', `/api/mail/messages/${id}`);
      assert.equal(first.status, 200);
      assert.equal(first.body.bodyCached, false);
      assert.match(first.body.body.content, new RegExp(marker));
      assert.doesNotMatch(first.body.body.content, /<script|onclick/);
      const second = await apiA.request('GET', `/api/mail/messages/${id}`);
      assert.equal(second.body.bodyCached, true);
      assert.equal(await graphCalls(sb, 'GET /me/messages/:messageId'), 1);

      const read = await apiA.request('PATCH', `/api/mail/messages/${id}`, { isRead: true });
      assert.equal(read.status, 200);
      assert.equal(read.body.isRead, true);
      assert.equal((await graphMessage(env, accountA, 'inbox', 'Quarterly numbers')).isRead, true);
      const unread = await apiA.request('PATCH', `/api/mail/messages/${id}`, { isRead: false });
      assert.equal(unread.body.isRead, false);
      assert.equal((await graphMessage(env, accountA, 'inbox', 'Quarterly numbers')).isRead, false);
      const bad = await apiA.request('PATCH', `/api/mail/messages/${id}`, { isRead: 'yes' });
      assert.equal(bad.status, 400);
    });

    test('archive moves the message at Microsoft and keeps its id', async () => {
      const id = await deliverAndStore(env, sb, { accountId: accountA, mailbox: ann.upn, subject: 'Archive me', body: 'old news' });
      const before = await env.database.db.selectFrom('emails').select(['graph_id', 'folder_graph_id']).where('id', '=', id).executeTakeFirstOrThrow();
      const r = await apiA.request('POST', `/api/mail/messages/${id}/archive`);
      assert.equal(r.status, 200);
      const archived = await graphMessage(env, accountA, 'archive', 'Archive me');
      assert.equal(archived.id, before.graph_id, 'the immutable id survives the move');
      // The live sync sees the same move (removed from Inbox, added to Archive) and may get there
      // first, so the local row is found by its Graph id and must settle in Archive.
      const after = await waitFor(async () => {
        const row = await env.database.db.selectFrom('emails').select(['graph_id', 'folder_graph_id']).where('account_id', '=', accountA)
          .where('graph_id', '=', before.graph_id).executeTakeFirst();
        return row?.folder_graph_id === archived.parentFolderId ? row : undefined;
      }, { message: 'the local row never settled in Archive' });
      assert.notEqual(after.folder_graph_id, before.folder_graph_id);
    });

    test('send without Mail.Send → 403 feature_not_granted; after enabling it, send and drafts reach the mailbox', async () => {
      const denied = await apiA.request('POST', '/api/mail/send', { to: [bob.mail], subject: 'Hi', body: 'x' });
      assert.equal(denied.status, 403);
      assert.equal(denied.body.error.code, 'feature_not_granted');
      assert.match(denied.body.error.message, /Enable Send mail/);
      assert.equal((await apiA.request('POST', '/api/mail/send', { to: ['not-an-address'], subject: 'x', body: 'x' })).status, 400);

      const enabled = await postAndDrive({ api: apiA, sandbox: sb, upn: ann.upn, password: 'pw', path: '/api/microsoft/features/sendMail/enable' });
      assert.equal(enabled.ok, true, enabled.error);
      const sent = await apiA.request('POST', '/api/mail/send', { to: [bob.mail], cc: [], subject: `Sent ${kind}`, body: 'hello bob' });
      assert.equal(sent.status, 202);
      await graphMessage(env, accountA, 'sentitems', `Sent ${kind}`);

      const draft = await apiA.request('POST', '/api/mail/drafts', { to: [bob.mail], subject: 'Draft v1', body: 'first' });
      assert.equal(draft.status, 201);
      assert.equal(draft.body.isDraft, true);
      await graphMessage(env, accountA, 'drafts', 'Draft v1');
      const edited = await apiA.request('PATCH', `/api/mail/drafts/${draft.body.id}`, { subject: 'Draft v2' });
      assert.equal(edited.status, 200);
      assert.equal(edited.body.subject, 'Draft v2');
      await graphMessage(env, accountA, 'drafts', 'Draft v2');
      const out = await apiA.request('POST', `/api/mail/drafts/${draft.body.id}/send`);
      assert.equal(out.status, 202);
      await graphMessage(env, accountA, 'sentitems', 'Draft v2');

      const original = await deliverAndStore(env, sb, { accountId: accountA, mailbox: ann.upn, subject: 'Question', body: 'ping', from: bob.mail });
      const replied = await apiA.request('POST', `/api/mail/messages/${original}/reply`, { body: 'pong <b>1 & 2</b>\nthanks' });
      assert.equal(replied.status, 202);
      assert.deepEqual(replied.body, { status: 'accepted' });
      // Threaded by Graph's /reply: same conversation as the original, Outlook's subject, to the sender.
      const inThread = async (folder: string, subject: string) => {
        const res = await env.integration.graph.get<{ value: Message[] }>(accountA, `/me/mailFolders/${folder}/messages?$top=100&$select=id,subject,conversationId,toRecipients,body`);
        return res.value.find((m) => m.subject === subject);
      };
      const asked = (await inThread('inbox', 'Question'))!;
      const answer = await waitFor(() => inThread('sentitems', 'RE: Question'), { message: 'the reply in Sent Items' });
      assert.equal(answer.conversationId, asked.conversationId);
      assert.deepEqual(answer.toRecipients?.map((r) => r.emailAddress?.address?.toLowerCase()), [bob.mail.toLowerCase()]);
      assert.match(answer.body?.content ?? '', /pong &lt;b&gt;1 &amp; 2&lt;\/b&gt;<br>thanks/);
      assert.equal(await inThread('sentitems', 'Re: Question'), undefined, 'no separate new message');
    });

    test('autocomplete: CRM people first, then /me/people ranking, deduplicated', async () => {
      const crm = await apiA.request('POST', '/api/people', { name: 'Bobby Crm', emails: ['bobby@outside.test', bob.mail] });
      assert.equal(crm.status, 201);
      const r = await apiA.request('GET', '/api/mail/suggestions?q=bob');
      assert.equal(r.status, 200);
      const items = r.body.items as Array<{ address: string; source: string }>;
      assert.equal(items[0]!.source, 'crm');
      assert.equal(items.filter((i) => i.address.toLowerCase() === bob.mail.toLowerCase()).length, 1);
      assert.equal(items.find((i) => i.address.toLowerCase() === bob.mail.toLowerCase())!.source, 'crm');
      assert.ok(items.length <= 10);
      const colleagues = await apiA.request('GET', '/api/mail/suggestions?q=colleague');
      assert.ok(colleagues.body.items.some((i: { source: string; address: string }) => i.source === 'microsoft' && i.address.toLowerCase() === bob.mail.toLowerCase()));
      // B did not grant People.Read: CRM only, no Graph call.
      const onlyCrm = await apiB.request('GET', '/api/mail/suggestions?q=cat');
      assert.equal(onlyCrm.status, 200);
      assert.deepEqual(onlyCrm.body.items, []);
    });

    test('out of office from getMailTips, cached per address; outside the tenant is not out of office', async () => {
      await control(sb, 'PUT', '/control/mail/automatic-replies', { mailbox: bob.upn, status: 'alwaysEnabled', internalReplyMessage: 'On leave until Monday' });
      await control(sb, 'POST', '/control/mail/stats/reset');
      const q = `/api/mail/out-of-office?emails=${encodeURIComponent(`${bob.mail},someone@outside.test`)}`;
      const r = await apiA.request('GET', q);
      assert.equal(r.status, 200);
      const [b, o] = r.body.items;
      assert.equal(b.isOutOfOffice, true);
      assert.match(b.message, /On leave/);
      assert.equal(o.isOutOfOffice, false);
      await apiA.request('GET', q);
      assert.equal(await graphCalls(sb, 'POST /me/getMailTips'), 1);
      const tooMany = Array.from({ length: 21 }, (_, i) => `p${i}@x.test`).join(',');
      assert.equal((await apiA.request('GET', `/api/mail/out-of-office?emails=${tooMany}`)).status, 400);
      assert.equal((await apiA.request('GET', '/api/mail/out-of-office?emails=nope')).status, 400);
    });

    test('isolation: another user never reaches A’s mail, by session or by API token', async () => {
      const id = await deliverAndStore(env, sb, { accountId: accountA, mailbox: ann.upn, subject: 'Private to A', body: 'secret' });
      const token = await apiB.request('POST', '/api/tokens', { name: 'inbox test' });
      const bToken = apiB.withToken(token.body.token);
      for (const client of [apiB, bToken]) {
        assert.equal((await client.request('GET', `/api/mail/messages/${id}`)).status, 404);
        assert.equal((await client.request('PATCH', `/api/mail/messages/${id}`, { isRead: true })).status, 404);
        assert.equal((await client.request('POST', `/api/mail/messages/${id}/archive`)).status, 404);
        const list = await client.request('GET', '/api/mail/messages?limit=200');
        assert.equal(list.status, 200);
        assert.ok(!list.body.items.some((m: { id: string }) => m.id === id));
        const folders = await client.request('GET', '/api/mail/folders');
        const aFolders = await env.database.db.selectFrom('mail_folders').select('id').where('account_id', '=', accountA).execute();
        assert.ok(!folders.body.items.some((f: { id: string }) => aFolders.some((a) => a.id === f.id)));
      }
      assert.notEqual(accountA, accountB);
    });

    test('disconnect purges the body cache and deletes the synced mail; bodies were never stored', async () => {
      const inbox = inboxOf(env.integration)!;
      // The preview (metadata, first 255 characters) may be stored; the rest of the body never is.
      const secret = `SECRET-${marker}`;
      const id = await deliverAndStore(env, sb, { accountId: accountA, mailbox: ann.upn, subject: 'Last one', body: `${'Filler words before the secret part. '.repeat(12)}${secret}` });
      assert.equal((await apiA.request('GET', `/api/mail/messages/${id}`)).status, 200);
      assert.ok(inbox.bodies.countFor(accountA) > 0);
      if (kind === 'sqlite') {
        const file = env.database.url.replace(/^sqlite:/, '').replace(/^file:/, '');
        for (const f of [file, `${file}-wal`]) if (existsSync(f)) assert.ok(!readFileSync(f).includes(secret), `${f} holds a body`);
      }
      const r = await apiA.request('POST', '/api/microsoft/disconnect');
      assert.equal(r.status, 202);
      await waitFor(async () => !(await env.integration.accounts.byId(accountA)), { message: 'account deleted' });
      assert.equal(inbox.bodies.countFor(accountA), 0);
      const left = await env.database.db.selectFrom('emails').select('id').where('account_id', '=', accountA).execute();
      assert.equal(left.length, 0);
      assert.equal((await env.database.db.selectFrom('mail_folders').select('id').where('account_id', '=', accountA).execute()).length, 0);
      assert.equal((await apiA.request('GET', '/api/mail/messages')).body.error.code, 'not_connected');
      // B is untouched.
      assert.equal((await apiB.request('GET', '/api/mail/messages')).status, 200);
    });
  });
}
