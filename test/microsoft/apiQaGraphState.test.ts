/**
 * Outside-in QA of the inbox when Outlook's state has moved on under Tandem: a message purged in
 * Outlook, a draft sent or emptied there, Mail.Send never granted, a revoked grant, Graph failing,
 * and an account being disconnected. Each must be a clear 4xx (or 503 for Microsoft's own outage),
 * never a 500 or a silent success. Workers are off so the local rows stay as the test left them.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DB_KINDS } from '../helpers/db.js';
import { accountIdOf, connectMicrosoft, startMicrosoftTestEnv, type MicrosoftTestEnv } from '../helpers/microsoft.js';
import { control, createTenantWithUsers, startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';
import type { ApiClient, ApiResponse } from '../helpers/server.js';
import { deliverAndStore } from './inboxHarness.js';

function refused(res: ApiResponse, status: number, code: string, message?: RegExp): void {
  assert.equal(res.status, status, `expected ${status} ${code}, got ${res.status} ${JSON.stringify(res.body)}`);
  assert.equal(res.body?.error?.code, code, JSON.stringify(res.body));
  if (message) assert.match(res.body.error.message, message);
}

interface Connected { api: ApiClient; upn: string; accountId: string }

for (const kind of DB_KINDS) {
  describe(`inbox API when Outlook changed underneath (${kind})`, () => {
    let sb: TestSandbox;
    let env: MicrosoftTestEnv;
    let users: Array<{ userPrincipalName: string; mail: string; id: string }>;
    let bobMail: string;
    let eve: Connected;
    let eveMessage: string;

    async function connect(index: number, features: string[]): Promise<Connected> {
      const api = env.client();
      await api.signup();
      const upn = users[index]!.userPrincipalName;
      const r = await connectMicrosoft({ api, sandbox: sb, upn, password: 'pw', features });
      assert.equal(r.ok, true, r.error);
      return { api, upn, accountId: (await accountIdOf(env, api))! };
    }
    const graphIdOf = async (id: string) => (await env.database.db.selectFrom('emails').select('graph_id').where('id', '=', id).executeTakeFirstOrThrow()).graph_id;

    before(async () => {
      sb = await startTestSandbox();
      env = await startMicrosoftTestEnv({ kind, sandbox: sb, workers: false });
      const t = await createTenantWithUsers(sb, {
        domain: `gs${kind}.test`,
        users: ['ann', 'bob', 'cy', 'dee', 'eve', 'fay'].map((u) => ({ userPrincipalName: u, password: 'pw' })),
      });
      users = t.users;
      bobMail = users[1]!.mail;
    });
    after(async () => {
      await env?.close();
      await sb?.close();
    });

    test('a message purged in Outlook: read, mark, archive and reply are 404 saying it no longer exists', async () => {
      const a = await connect(0, ['mail', 'sendMail']);
      const id = await deliverAndStore(env, sb, { accountId: a.accountId, mailbox: a.upn, subject: 'Purge me', body: 'x', from: bobMail });
      const graphId = await graphIdOf(id);
      // Outlook's delete is soft (Recoverable Items); deleting it there again purges it for good.
      await env.integration.graph.request(a.accountId, { method: 'DELETE', path: `/me/messages/${graphId}` });
      await env.integration.graph.request(a.accountId, { method: 'DELETE', path: `/me/messages/${graphId}` });
      refused(await a.api.request('GET', `/api/mail/messages/${id}`), 404, 'not_found', /no longer exists/);
      refused(await a.api.request('PATCH', `/api/mail/messages/${id}`, { isRead: true }), 404, 'not_found', /no longer exists/);
      refused(await a.api.request('POST', `/api/mail/messages/${id}/archive`), 404, 'not_found', /no longer exists/);
      refused(await a.api.request('POST', `/api/mail/messages/${id}/reply`, { body: 'too late' }), 404, 'not_found', /no longer exists/);
    });

    test('a draft sent in Outlook meanwhile: editing or sending it again is a 409 saying it was sent', async () => {
      const a = await connect(2, ['mail', 'sendMail']);
      const draft = await a.api.request('POST', '/api/mail/drafts', { to: [bobMail], subject: 'Sent elsewhere', body: 'b' });
      assert.equal(draft.status, 201);
      await env.integration.graph.request(a.accountId, { method: 'POST', path: `/me/messages/${await graphIdOf(draft.body.id)}/send` });
      refused(await a.api.request('PATCH', `/api/mail/drafts/${draft.body.id}`, { subject: 'Changed' }), 409, 'conflict', /already sent/);
      refused(await a.api.request('POST', `/api/mail/drafts/${draft.body.id}/send`), 409, 'conflict', /already sent/);
      // The draft row is kept (the sync will move it to Sent Items), not silently dropped.
      assert.equal((await a.api.request('GET', `/api/mail/messages/${draft.body.id}`)).status, 200);
    });

    test('sending a draft with no recipients is a 400 asking for one, and the draft stays', async () => {
      const d = await connect(3, ['mail', 'sendMail']);
      const empty = await d.api.request('POST', '/api/mail/drafts', { subject: 'Nobody yet', body: 'b' });
      assert.equal(empty.status, 201);
      refused(await d.api.request('POST', `/api/mail/drafts/${empty.body.id}/send`), 400, 'validation_failed', /recipient/);
      const still = await d.api.request('GET', `/api/mail/messages/${empty.body.id}`);
      assert.equal(still.status, 200);
      assert.equal(still.body.isDraft, true);
    });

    test('Mail.Send not granted: send, reply and sending a draft are 403 naming the feature; drafts still save', async () => {
      eve = await connect(4, ['mail']);
      eveMessage = await deliverAndStore(env, sb, { accountId: eve.accountId, mailbox: eve.upn, subject: 'Ask me', body: 'x', from: bobMail });
      const draft = await eve.api.request('POST', '/api/mail/drafts', { to: [bobMail], subject: 'Unsendable', body: 'b' });
      assert.equal(draft.status, 201);
      for (const [path, body] of [['/api/mail/send', { to: [bobMail], subject: 's', body: 'b' }], [`/api/mail/messages/${eveMessage}/reply`, { body: 'r' }], [`/api/mail/drafts/${draft.body.id}/send`, undefined]] as const) {
        refused(await eve.api.request('POST', path, body), 403, 'feature_not_granted', /Enable Send mail in Settings/);
      }
    });

    test('Send mail withdrawn at Microsoft while Tandem still lists it: a 403 naming the feature and how to grant it again', async () => {
      // As when the user removes the permission at myapps.microsoft.com: Tandem's record still has Mail.Send.
      const account = (await env.integration.accounts.byId(eve.accountId))!;
      await env.database.db.updateTable('microsoft_accounts').set({ granted_scopes: JSON.stringify([...account.grantedScopes, 'Mail.Send']) }).where('id', '=', eve.accountId).execute();
      try {
        const draft = await eve.api.request('POST', '/api/mail/drafts', { to: [bobMail], subject: 'Withdrawn', body: 'b' });
        for (const [path, body] of [['/api/mail/send', { to: [bobMail], subject: 's', body: 'b' }], [`/api/mail/messages/${eveMessage}/reply`, { body: 'r' }], [`/api/mail/drafts/${draft.body.id}/send`, undefined]] as const) {
          refused(await eve.api.request('POST', path, body), 403, 'feature_not_granted', /Send mail.*Reconnect.*Settings/);
        }
      } finally {
        await env.database.db.updateTable('microsoft_accounts').set({ granted_scopes: JSON.stringify(account.grantedScopes) }).where('id', '=', eve.accountId).execute();
      }
    });

    test('editing only a draft\'s contentType is a 400 asking for the body too, not a silent no-op', async () => {
      const draft = await eve.api.request('POST', '/api/mail/drafts', { to: [bobMail], subject: 'Type only', body: 'plain' });
      refused(await eve.api.request('PATCH', `/api/mail/drafts/${draft.body.id}`, { contentType: 'html' }), 400, 'validation_failed', /contentType.*body/);
      assert.equal((await eve.api.request('PATCH', `/api/mail/drafts/${draft.body.id}`, { contentType: 'html', body: '<p>rich</p>' })).status, 200);
    });

    test('Graph failing: 503 saying Microsoft 365 is unavailable, then working again', async () => {
      await control(sb, 'POST', '/control/mail/faults', { mailbox: users[4]!.id, status: 500, count: 50 });
      try {
        refused(await eve.api.request('PATCH', `/api/mail/messages/${eveMessage}`, { isRead: true }), 503, 'microsoft_unavailable', /Microsoft 365/);
        refused(await eve.api.request('GET', `/api/mail/messages/${eveMessage}`), 503, 'microsoft_unavailable', /Microsoft 365/);
      } finally {
        await control(sb, 'DELETE', `/control/mail/faults/${users[4]!.id}`);
      }
      assert.equal((await eve.api.request('PATCH', `/api/mail/messages/${eveMessage}`, { isRead: true })).status, 200);
    });

    test('a revoked grant: Graph actions are 409 needs_reconnect saying where to reconnect', async () => {
      const a = await connect(1, ['mail', 'sendMail']);
      const id = await deliverAndStore(env, sb, { accountId: a.accountId, mailbox: a.upn, subject: 'Before revoke', body: 'x', from: users[0]!.mail });
      await control(sb, 'POST', `/control/users/${users[1]!.id}/revoke-grants`);
      const actions: Array<[string, string, unknown]> = [
        ['GET', `/api/mail/messages/${id}`, undefined], ['PATCH', `/api/mail/messages/${id}`, { isRead: true }], ['POST', `/api/mail/messages/${id}/archive`, undefined],
        ['POST', `/api/mail/messages/${id}/reply`, { body: 'r' }], ['POST', '/api/mail/send', { to: [users[0]!.mail], subject: 's', body: 'b' }],
        ['POST', '/api/mail/drafts', { subject: 'd' }], ['GET', `/api/mail/out-of-office?emails=${users[0]!.mail}`, undefined],
      ];
      for (const [method, path, body] of actions) refused(await a.api.request(method, path, body), 409, 'needs_reconnect', /Reconnect.*Settings/);
      assert.equal((await env.integration.accounts.byId(a.accountId))?.status, 'needs_reconnect');
      // What Tandem already holds stays readable.
      assert.equal((await a.api.request('GET', '/api/mail/messages')).status, 200);
      assert.equal((await a.api.request('GET', '/api/microsoft')).body.status, 'needs_reconnect');
    });

    test('while an account is being disconnected: mail routes are 409 not_connected, connect and reconnect say to wait', async () => {
      const d = await connect(5, ['mail', 'sendMail']);
      const id = await deliverAndStore(env, sb, { accountId: d.accountId, mailbox: d.upn, subject: 'Leaving', body: 'x', from: bobMail });
      assert.equal((await d.api.request('POST', '/api/microsoft/disconnect')).status, 202);
      assert.equal((await env.integration.accounts.byId(d.accountId))?.status, 'disconnecting');
      for (const [method, path, body] of [['GET', `/api/mail/messages/${id}`, undefined], ['GET', '/api/mail/messages', undefined], ['POST', '/api/mail/send', { to: [bobMail], subject: 's', body: 'b' }]] as const) {
        const res = await d.api.request(method, path, body);
        refused(res, 409, 'not_connected', /Connect Microsoft 365/);
        assert.doesNotMatch(JSON.stringify(res.body), /Leaving/);
      }
      refused(await d.api.request('POST', '/api/microsoft/connect', { features: ['mail'] }), 409, 'conflict', /still being removed/);
      refused(await d.api.request('POST', '/api/microsoft/reconnect'), 409, 'conflict', /being removed/);
      refused(await d.api.request('POST', '/api/microsoft/features/people/enable'), 409, 'conflict', /being removed/);
      assert.equal((await d.api.request('POST', '/api/microsoft/disconnect')).status, 202, 'asking again is harmless');
    });
  });
}
