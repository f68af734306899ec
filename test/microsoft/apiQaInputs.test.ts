/**
 * Outside-in QA of the mail and Microsoft REST routes: bad inputs of every shape, auth and CSRF,
 * pagination, unconnected and disconnecting accounts, and isolation between users and workspaces.
 * Every refusal must be a 4xx in the API's error shape with a message saying what to fix.
 * Workers are off: rows are written by the test, so nothing races the assertions.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DB_KINDS } from '../helpers/db.js';
import { accountIdOf, connectMicrosoft, startMicrosoftTestEnv, type MicrosoftTestEnv } from '../helpers/microsoft.js';
import { createTenantWithUsers, startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';
import type { ApiClient, ApiResponse } from '../helpers/server.js';
import { deliverAndStore, storeFolders } from './inboxHarness.js';

function refused(res: ApiResponse, status: number, code: string, message?: RegExp): void {
  assert.equal(res.status, status, `expected ${status} ${code}, got ${res.status} ${JSON.stringify(res.body)}`);
  assert.equal(res.body?.error?.code, code, JSON.stringify(res.body));
  assert.ok(typeof res.body.error.message === 'string' && res.body.error.message.length > 5, 'a message saying what to fix');
  assert.match(res.body.error.message, /^[A-Z"]/, 'a sentence: it starts with a capital letter');
  if (message) assert.match(res.body.error.message, message);
}

for (const kind of DB_KINDS) {
  describe(`mail and Microsoft API under bad input (${kind})`, () => {
    let sb: TestSandbox;
    let env: MicrosoftTestEnv;
    let apiA: ApiClient;
    let apiB: ApiClient;
    let accountA: string;
    let bobMail: string;
    let messageA: string;
    let draftA: string;
    let folderA: string;

    before(async () => {
      sb = await startTestSandbox();
      env = await startMicrosoftTestEnv({ kind, sandbox: sb, workers: false });
      const t1 = await createTenantWithUsers(sb, { domain: `qa1${kind}.test`, users: [{ userPrincipalName: 'ann', password: 'pw' }, { userPrincipalName: 'bob', password: 'pw' }] });
      const t2 = await createTenantWithUsers(sb, { domain: `qa2${kind}.test`, users: [{ userPrincipalName: 'cat', password: 'pw' }] });
      bobMail = t1.users[1]!.mail;
      apiA = env.client();
      await apiA.signup();
      assert.equal((await connectMicrosoft({ api: apiA, sandbox: sb, upn: t1.users[0]!.userPrincipalName, password: 'pw', features: ['mail', 'sendMail'] })).ok, true);
      accountA = (await accountIdOf(env, apiA))!;
      apiB = env.client();
      await apiB.signup();
      assert.equal((await connectMicrosoft({ api: apiB, sandbox: sb, upn: t2.users[0]!.userPrincipalName, password: 'pw', features: ['mail', 'sendMail'] })).ok, true);
      messageA = await deliverAndStore(env, sb, { accountId: accountA, mailbox: t1.users[0]!.userPrincipalName, subject: 'Secret of A', body: 'only for A', from: bobMail });
      await storeFolders(env, accountA);
      folderA = (await env.database.db.selectFrom('mail_folders').select('id').where('account_id', '=', accountA).executeTakeFirstOrThrow()).id;
      const draft = await apiA.request('POST', '/api/mail/drafts', { to: [bobMail], subject: 'Draft of A', body: 'draft text' });
      assert.equal(draft.status, 201);
      draftA = draft.body.id;
    });
    after(async () => {
      await env?.close();
      await sb?.close();
    });

    test('unknown body fields are refused on every write, including the body-less actions', async () => {
      const writes: Array<[string, string, Record<string, unknown>]> = [
        ['POST', `/api/mail/messages/${messageA}/archive`, {}],
        ['POST', `/api/mail/drafts/${draftA}/send`, {}],
        ['POST', '/api/microsoft/reconnect', {}],
        ['POST', '/api/microsoft/features/people/enable', {}],
        ['POST', '/api/microsoft/disconnect', {}],
        ['PATCH', `/api/mail/messages/${messageA}`, { isRead: true }],
        ['POST', '/api/mail/send', { to: [bobMail], subject: 's', body: 'b' }],
        ['POST', '/api/mail/drafts', { subject: 's' }],
        ['PATCH', `/api/mail/drafts/${draftA}`, { subject: 's' }],
        ['POST', `/api/mail/messages/${messageA}/reply`, { body: 'b' }],
        ['POST', '/api/microsoft/connect', { features: ['mail'] }],
        ['POST', '/api/microsoft/admin-consent', { feature: 'sharepoint' }],
      ];
      for (const [method, path, body] of writes) refused(await apiA.request(method, path, { ...body, bogus: 1 }), 400, 'validation_failed', /unknown field "bogus"/);
      // Nothing was done by the refused calls: the account is still connected, the draft still a draft.
      assert.equal((await env.integration.accounts.byId(accountA))?.status, 'active');
      assert.equal((await apiA.request('GET', `/api/mail/messages/${draftA}`)).body.isDraft, true);
    });

    test('the OpenAPI document still builds and lists every mail and Microsoft route', async () => {
      const doc = await apiA.request('GET', '/api/openapi.json');
      assert.equal(doc.status, 200);
      for (const [path, method] of [
        ['/api/mail/messages/{id}/archive', 'post'], ['/api/mail/drafts/{id}/send', 'post'], ['/api/mail/send', 'post'], ['/api/mail/messages', 'get'],
        ['/api/microsoft/reconnect', 'post'], ['/api/microsoft/disconnect', 'post'], ['/api/microsoft/features/{id}/enable', 'post'],
      ] as const) assert.ok(doc.body.paths[path]?.[method], `${method.toUpperCase()} ${path} is documented`);
    });

    test('unknown query parameters are refused on the reads', async () => {
      for (const path of ['/api/mail/folders?x=1', '/api/mail/messages?x=1', `/api/mail/messages/${messageA}?x=1`, '/api/mail/suggestions?q=a&x=1', '/api/microsoft?x=1']) {
        refused(await apiA.request('GET', path), 400, 'validation_failed', /"x"/);
      }
    });

    test('wrong shapes, types, lengths and unicode in compose fields', async () => {
      const cases: Array<[unknown, RegExp]> = [
        [{ to: 'a@b.test', subject: 's', body: 'b' }, /body\.to must be of type array/],
        [{ to: [null], subject: 's', body: 'b' }, /body\.to\.0/],
        [{ to: ['not-an-address'], subject: 's', body: 'b' }, /body\.to\.0 must be a valid email/],
        [{ to: ['a@b'], subject: 's', body: 'b' }, /body\.to\.0/],
        [{ to: [bobMail], cc: ['x y@z.test'], subject: 's', body: 'b' }, /body\.cc\.0/],
        [{ to: [bobMail], subject: 1, body: 'b' }, /body\.subject must be of type string/],
        [{ to: [bobMail], subject: 'x'.repeat(999), body: 'b' }, /body\.subject/],
        [{ to: [bobMail], subject: 's', body: 'b', contentType: 'markdown' }, /body\.contentType must be one of/],
        [{ to: [bobMail], subject: 's' }, /body\.body is required/],
        [{ subject: 's', body: 'b' }, /body\.to is required/],
        [{ to: [bobMail], subject: 's\u0000', body: 'b' }, /NUL/],
        [{ to: Array.from({ length: 101 }, (_, i) => `p${i}@x.test`), subject: 's', body: 'b' }, /body\.to/],
        [{ to: [bobMail], subject: 's', body: 'x'.repeat(500_001) }, /body\.body/],
      ];
      for (const [body, message] of cases) refused(await apiA.request('POST', '/api/mail/send', body), 400, 'validation_failed', message);
      refused(await apiA.request('POST', '/api/mail/send', { to: [], cc: [], bcc: [], subject: 's', body: 'b' }), 400, 'validation_failed', /at least one recipient/);
      refused(await apiA.request('POST', '/api/mail/send', [1]), 400, 'validation_failed');
      refused(await apiA.request('POST', '/api/mail/send', undefined, { rawBody: '{"to":' }), 400, 'bad_request');
      refused(await apiA.request('POST', '/api/mail/send', undefined, { rawBody: 'to=a', headers: { 'content-type': 'text/plain' } }), 415, 'unsupported_media_type');
      refused(await apiA.request('POST', '/api/mail/drafts', { body: 'x'.repeat(1_100_000) }), 413, 'payload_too_large');
      refused(await apiA.request('PATCH', `/api/mail/drafts/${draftA}`, {}), 400, 'validation_failed');
      refused(await apiA.request('PATCH', `/api/mail/messages/${messageA}`, { isRead: 'yes' }), 400, 'validation_failed', /isRead/);
      refused(await apiA.request('PATCH', `/api/mail/messages/${messageA}`, {}), 400, 'validation_failed', /isRead is required/);
      refused(await apiA.request('POST', `/api/mail/messages/${messageA}/reply`, { body: '' }), 400, 'validation_failed', /body\.body/);
      // Unicode subjects and bodies are fine, and survive the round-trip through Graph.
      const unicode = await apiA.request('POST', '/api/mail/drafts', { to: [bobMail], subject: 'Grüße 日本 🎉', body: 'ünïcödé ✓' });
      assert.equal(unicode.status, 201);
      assert.equal(unicode.body.subject, 'Grüße 日本 🎉');
    });

    test('an HTML body is kept as HTML at Microsoft; a huge body within the limit is accepted', async () => {
      const html = await apiA.request('POST', '/api/mail/drafts', { to: [bobMail], subject: 'Rich', body: '<p>Hello <b>Bob</b></p>', contentType: 'html' });
      assert.equal(html.status, 201);
      const graphId = (await env.database.db.selectFrom('emails').select('graph_id').where('id', '=', html.body.id).executeTakeFirstOrThrow()).graph_id;
      const atGraph = await env.integration.graph.get<{ body: { contentType: string; content: string } }>(accountA, `/me/messages/${graphId}?$select=body`);
      assert.equal(atGraph.body.contentType, 'html');
      assert.match(atGraph.body.content, /<b>Bob<\/b>/);
      assert.equal((await apiA.request('POST', '/api/mail/send', { to: [bobMail], subject: 'Big', body: 'x'.repeat(499_000), contentType: 'text' })).status, 202);
    });

    test('ids of the wrong shape, unknown ids, and a PATCH on a message that is not a draft', async () => {
      for (const bad of ['x'.repeat(65), '%E2%9C%93', 'a.b', '%00']) {
        refused(await apiA.request('GET', `/api/mail/messages/${bad}`), 400, 'validation_failed', /params\.id/);
        refused(await apiA.request('POST', `/api/mail/drafts/${bad}/send`), 400, 'validation_failed', /params\.id/);
      }
      refused(await apiA.request('GET', '/api/mail/messages?folderId=../inbox'), 400, 'validation_failed', /folderId/);
      refused(await apiA.request('GET', '/api/mail/messages?folderId=nosuchfolder'), 404, 'not_found', /^Folder not found/);
      refused(await apiA.request('GET', '/api/mail/messages/nosuchmessage'), 404, 'not_found', /^Message not found/);
      refused(await apiA.request('PATCH', '/api/mail/messages/nosuchmessage', { isRead: true }), 404, 'not_found');
      refused(await apiA.request('POST', '/api/mail/messages/nosuchmessage/archive'), 404, 'not_found');
      refused(await apiA.request('POST', '/api/mail/messages/nosuchmessage/reply', { body: 'x' }), 404, 'not_found');
      refused(await apiA.request('PATCH', '/api/mail/drafts/nosuchdraft', { subject: 'x' }), 404, 'not_found', /^Draft not found/);
      refused(await apiA.request('POST', '/api/mail/drafts/nosuchdraft/send'), 404, 'not_found', /^Draft not found/);
      refused(await apiA.request('PATCH', `/api/mail/drafts/${messageA}`, { subject: 'x' }), 404, 'not_found', /^Draft not found/);
      refused(await apiA.request('POST', `/api/mail/drafts/${messageA}/send`), 404, 'not_found', /^Draft not found/);
      refused(await apiA.request('POST', '/api/microsoft/features/nope/enable'), 400, 'validation_failed', /^Unknown feature/);
      refused(await apiA.request('POST', `/api/microsoft/features/${'a'.repeat(41)}/enable`), 400, 'validation_failed');
      refused(await apiA.request('POST', '/api/microsoft/connect', { features: ['MAIL'] }), 400, 'validation_failed', /Unknown feature "MAIL"/);
      refused(await apiA.request('POST', '/api/microsoft/connect', { features: 'mail' }), 400, 'validation_failed', /features/);
    });

    test('wrong methods are a 404 naming the route, never a 500', async () => {
      for (const [method, path] of [['PUT', `/api/mail/messages/${messageA}`], ['PUT', `/api/mail/drafts/${messageA}`], ['GET', '/api/mail/send'], ['DELETE', '/api/microsoft'], ['GET', '/api/microsoft/disconnect']] as const) {
        refused(await apiA.request(method, path), 404, 'not_found', /^No route /);
      }
    });

    test('pagination: bad limits and cursors are 400s; a real cursor pages without repeats', async () => {
      for (const limit of ['0', '201', '-1', '1.5', 'abc', '', '1e2']) refused(await apiA.request('GET', `/api/mail/messages?limit=${limit}`), 400, 'validation_failed', /limit/);
      refused(await apiA.request('GET', '/api/mail/messages?limit=1&limit=2'), 400, 'validation_failed', /limit/);
      for (const cursor of ['abc', 'eyJ4IjoxfQ', 'bnVsbA', '%E2%9C%93', 'a'.repeat(600)]) refused(await apiA.request('GET', `/api/mail/messages?cursor=${cursor}`), 400, 'validation_failed', /cursor/);
      const first = await apiA.request('GET', '/api/mail/messages?limit=1');
      assert.equal(first.status, 200);
      assert.equal(first.body.items.length, 1);
      assert.ok(first.body.nextCursor, 'A has more than one message');
      const second = await apiA.request('GET', `/api/mail/messages?limit=1&cursor=${first.body.nextCursor}`);
      assert.equal(second.status, 200);
      assert.notEqual(second.body.items[0].id, first.body.items[0].id);
      // A's cursor in B's hands pages B's own mail only.
      const foreign = await apiB.request('GET', `/api/mail/messages?limit=200&cursor=${first.body.nextCursor}`);
      assert.equal(foreign.status, 200);
      assert.ok(!foreign.body.items.some((m: { id: string }) => m.id === messageA || m.id === draftA));
    });

    test('lookups: blank, over-long and malformed queries', async () => {
      refused(await apiA.request('GET', '/api/mail/suggestions'), 400, 'validation_failed', /q is required/);
      refused(await apiA.request('GET', '/api/mail/suggestions?q=%20%20'), 400, 'validation_failed', /blank/);
      refused(await apiA.request('GET', `/api/mail/suggestions?q=${'x'.repeat(101)}`), 400, 'validation_failed', /q/);
      assert.equal((await apiA.request('GET', '/api/mail/suggestions?q=%25_%27%22')).status, 200);
      refused(await apiA.request('GET', '/api/mail/out-of-office'), 400, 'validation_failed', /emails is required/);
      refused(await apiA.request('GET', '/api/mail/out-of-office?emails=,,,'), 400, 'validation_failed', /at least one/);
      refused(await apiA.request('GET', '/api/mail/out-of-office?emails=a@b.test,nope'), 400, 'validation_failed', /"nope"/);
    });

    test('no session, a bad token, and CSRF on every cookie-authenticated write', async () => {
      const anon = env.client();
      for (const [method, path] of [['GET', '/api/mail/folders'], ['GET', `/api/mail/messages/${messageA}`], ['POST', '/api/mail/send'], ['GET', '/api/microsoft'], ['POST', '/api/microsoft/disconnect']] as const) {
        refused(await anon.request(method, path), 401, 'unauthorized');
        refused(await env.client().withToken('tdm_nope').request(method, path), 401, 'unauthorized', /token/);
      }
      const writes: Array<[string, string, unknown]> = [
        ['PATCH', `/api/mail/messages/${messageA}`, { isRead: true }], ['POST', `/api/mail/messages/${messageA}/archive`, undefined],
        ['POST', '/api/mail/send', { to: [bobMail], subject: 's', body: 'b' }], ['POST', '/api/mail/drafts', {}], ['PATCH', `/api/mail/drafts/${draftA}`, { subject: 'x' }],
        ['POST', `/api/mail/drafts/${draftA}/send`, undefined], ['POST', `/api/mail/messages/${messageA}/reply`, { body: 'x' }],
        ['POST', '/api/microsoft/connect', { features: ['mail'] }], ['POST', '/api/microsoft/reconnect', undefined], ['POST', '/api/microsoft/disconnect', undefined],
      ];
      for (const [method, path, body] of writes) {
        refused(await apiA.request(method, path, body, { csrf: false }), 403, 'csrf_failed', /X-CSRF-Token/);
        refused(await apiA.request(method, path, body, { csrf: false, headers: { 'x-csrf-token': 'forged' } }), 403, 'csrf_failed');
      }
      assert.equal((await env.integration.accounts.byId(accountA))?.status, 'active', 'a refused disconnect changed nothing');
      // Bearer tokens need no CSRF header and act as their user.
      const token = await apiA.request('POST', '/api/tokens', { name: 'qa' });
      const viaToken = apiA.withToken(token.body.token);
      assert.equal((await viaToken.request('PATCH', `/api/mail/messages/${messageA}`, { isRead: true })).status, 200);
      assert.equal((await viaToken.request('GET', `/api/mail/messages/${messageA}`)).body.subject, 'Secret of A');
    });

    test("another user's message, draft and folder ids are 404 with no data, by session and token, even sharing a workspace", async () => {
      // B joins A's workspace and works in it: mail stays per user.
      const added = await apiA.request('POST', `/api/workspaces/${apiA.workspaceId}/members`, { email: apiB.user!.email });
      assert.equal(added.status, 201);
      assert.equal((await apiB.request('POST', '/api/session/workspace', { workspaceId: apiA.workspaceId })).status, 200);
      const token = await apiB.request('POST', '/api/tokens', { name: 'in A workspace' });
      const clients = [apiB, apiB.withToken(token.body.token)];
      for (const client of clients) {
        const probes: Array<[string, string, unknown]> = [
          ['GET', `/api/mail/messages/${messageA}`, undefined], ['PATCH', `/api/mail/messages/${messageA}`, { isRead: false }],
          ['POST', `/api/mail/messages/${messageA}/archive`, undefined], ['POST', `/api/mail/messages/${messageA}/reply`, { body: 'hijack' }],
          ['GET', `/api/mail/messages/${draftA}`, undefined], ['PATCH', `/api/mail/drafts/${draftA}`, { subject: 'hijacked' }],
          ['POST', `/api/mail/drafts/${draftA}/send`, undefined], ['GET', `/api/mail/messages?folderId=${folderA}`, undefined],
        ];
        for (const [method, path, body] of probes) {
          const res = await client.request(method, path, body);
          refused(res, 404, 'not_found');
          assert.doesNotMatch(JSON.stringify(res.body), /Secret of A|Draft of A|only for A/);
        }
        const list = await client.request('GET', '/api/mail/messages?limit=200');
        assert.equal(list.status, 200);
        assert.ok(!list.body.items.some((m: { id: string }) => m.id === messageA || m.id === draftA));
        const folders = await client.request('GET', '/api/mail/folders');
        assert.ok(!folders.body.items.some((f: { id: string }) => f.id === folderA));
      }
      const draft = await apiA.request('GET', `/api/mail/messages/${draftA}`);
      assert.equal(draft.body.subject, 'Draft of A', 'B changed nothing');
      assert.equal(draft.body.isDraft, true);
    });

    test('not connected: every mail route says to connect (409), the Microsoft routes say what to do', async () => {
      const none = env.client();
      await none.signup();
      const routes: Array<[string, string, unknown]> = [
        ['GET', '/api/mail/folders', undefined], ['GET', '/api/mail/messages', undefined], ['GET', `/api/mail/messages/${messageA}`, undefined],
        ['PATCH', `/api/mail/messages/${messageA}`, { isRead: true }], ['POST', `/api/mail/messages/${messageA}/archive`, undefined],
        ['POST', '/api/mail/send', { to: [bobMail], subject: 's', body: 'b' }], ['POST', '/api/mail/drafts', {}],
        ['PATCH', `/api/mail/drafts/${draftA}`, { subject: 'x' }], ['POST', `/api/mail/drafts/${draftA}/send`, undefined],
        ['POST', `/api/mail/messages/${messageA}/reply`, { body: 'x' }], ['GET', '/api/mail/suggestions?q=a', undefined], ['GET', `/api/mail/out-of-office?emails=${bobMail}`, undefined],
      ];
      for (const [method, path, body] of routes) {
        const res = await none.request(method, path, body);
        refused(res, 409, 'not_connected', /Connect Microsoft 365/);
        assert.doesNotMatch(JSON.stringify(res.body), /Secret of A|Draft of A/);
      }
      refused(await none.request('POST', '/api/microsoft/reconnect'), 409, 'conflict', /^Connect Microsoft 365 first/);
      refused(await none.request('POST', '/api/microsoft/features/sendMail/enable'), 409, 'conflict', /^Connect Microsoft 365 first/);
      refused(await none.request('POST', '/api/microsoft/disconnect'), 404, 'not_found', /^No Microsoft 365 account/);
      const view = await none.request('GET', '/api/microsoft');
      assert.equal(view.status, 200);
      assert.equal(view.body.status, 'not_connected');
    });
  });
}
