import type { MailFolder, Message, Subscription } from '@microsoft/microsoft-graph-types';
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { inMinutes, Receiver, startHarness } from '../../sandbox/notifications/testkit.js';
import { USERS, startGraphHarness, type GraphHarness } from './graphHarness.js';

interface Page<T> { value: T[]; '@odata.deltaLink'?: string }
interface GraphErrorBody { error: { code: string } }

// Mail.ReadBasic: the signed-in user's mail without body, bodyPreview, uniqueBody (message-get,
// user-list-messages, message-delta and mailFolder permission tables; permissions reference).
describe('sandbox Graph: Mail.ReadBasic', () => {
  let h: GraphHarness;
  let basic: string;
  let full: string;
  let id: string;
  before(async () => {
    h = await startGraphHarness();
    basic = h.token(USERS.ann, ['Mail.ReadBasic']);
    full = h.token(USERS.ann, ['Mail.Read']);
    const delivered = await h.ctl<{ id: string }>('POST', '/control/mail/deliver', { mailbox: USERS.ann.id, from: { address: 'x@outside.test' }, subject: 'Basic', body: 'SECRET-BODY' });
    id = delivered.body.id;
  });
  after(() => h.close());

  const noBody = (m: Record<string, unknown>) => {
    for (const k of ['body', 'bodyPreview', 'uniqueBody']) assert.equal(k in m, false, `${k} must not be returned`);
  };

  test('list, get and delta answer without body, bodyPreview or uniqueBody', async () => {
    const list = await h.call<Page<Message>>('GET', '/v1.0/me/messages', basic);
    assert.equal(list.status, 200);
    const item = list.body.value.find((m) => m.subject === 'Basic')!;
    assert.equal(item.from?.emailAddress?.address, 'x@outside.test');
    noBody(item as Record<string, unknown>);

    const inFolder = await h.call<Page<Message>>('GET', '/v1.0/me/mailFolders/inbox/messages?$select=subject,body,bodyPreview', basic);
    assert.equal(inFolder.status, 200);
    noBody(inFolder.body.value[0] as Record<string, unknown>);
    assert.equal(inFolder.body.value[0]!.subject, 'Basic');

    const one = await h.call<Message>('GET', `/v1.0/me/messages/${id}?$select=subject,uniqueBody`, basic);
    assert.equal(one.status, 200);
    noBody(one.body as Record<string, unknown>);
    assert.equal(JSON.stringify(one.body).includes('SECRET-BODY'), false);

    const delta = await h.call<Page<Message>>('GET', '/v1.0/me/mailFolders/inbox/messages/delta', basic);
    assert.equal(delta.status, 200);
    assert.equal(delta.body.value.length, 1);
    noBody(delta.body.value[0] as Record<string, unknown>);
    assert.ok(delta.body['@odata.deltaLink']);

    const folders = await h.call<Page<MailFolder>>('GET', '/v1.0/me/mailFolders', basic);
    assert.equal(folders.status, 200);
    assert.ok(folders.body.value.some((f) => f.displayName === 'Inbox'));

    // The same reads with Mail.Read carry the body.
    const withBody = await h.call<Message>('GET', `/v1.0/me/messages/${id}`, full);
    assert.equal(withBody.body.body?.content, 'SECRET-BODY');
    assert.equal(withBody.body.bodyPreview, 'SECRET-BODY');
  });

  test('Mail.ReadBasic does not reach writes, sends or mail tips', async () => {
    const patch = await h.call<GraphErrorBody>('PATCH', `/v1.0/me/messages/${id}`, basic, { body: { isRead: true } });
    assert.equal(patch.status, 403);
    assert.equal(patch.body.error.code, 'ErrorAccessDenied');
    assert.equal((await h.call('POST', '/v1.0/me/getMailTips', basic, { body: { EmailAddresses: ['bob@contoso.test'], MailTipsOptions: 'automaticReplies' } })).status, 403);
    assert.equal((await h.call('POST', `/v1.0/me/messages/${id}/reply`, basic, { body: { comment: 'x' } })).status, 403);
  });
});

describe('sandbox subscriptions: Mail.ReadBasic is enough for messages', () => {
  test('a message subscription with only Mail.ReadBasic is created; calendar needs its own scope', async () => {
    const h = await startHarness({ handshakeTimeoutMs: 2_000 });
    const hook = await new Receiver().start();
    try {
      const token = h.token(h.users[0]!.id, ['Mail.ReadBasic']);
      const create = (resource: string) => h.app.inject({
        method: 'POST', url: '/v1.0/subscriptions', headers: { authorization: `Bearer ${token}` },
        payload: { changeType: 'created', notificationUrl: `${hook.url}/n`, resource, expirationDateTime: inMinutes(h, 60) },
      });
      const ok = await create('/me/messages');
      assert.equal(ok.statusCode, 201, ok.body);
      assert.equal((ok.json() as Subscription).resource, '/me/messages');
      assert.equal((await create("/me/mailFolders('inbox')/messages")).statusCode, 201);
      assert.equal((await create('/me/events')).statusCode, 403);
    } finally {
      await h.close();
      await hook.close();
    }
  });
});
