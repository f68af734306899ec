import type { AutomaticRepliesSetting, MailboxSettings, MailTips, Message, Person } from '@microsoft/microsoft-graph-types';
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { MAIL, USERS, startGraphHarness, type GraphHarness } from './graphHarness.js';

interface BatchResponse { responses: Array<{ id: string; status: number; headers: Record<string, string>; body?: Record<string, unknown> }> }

describe('sandbox Graph: mail tips, mailbox settings, people, $batch', () => {
  let h: GraphHarness;
  let ann: string;
  before(async () => {
    h = await startGraphHarness();
    ann = h.token(USERS.ann, MAIL);
  });
  after(() => h.close());

  test('mailboxSettings and automaticRepliesSetting need MailboxSettings.Read', async () => {
    const s = await h.call<MailboxSettings>('GET', '/v1.0/me/mailboxSettings', ann);
    assert.equal(s.status, 200);
    assert.equal(s.body.automaticRepliesSetting?.status, 'disabled');
    assert.equal(s.body.timeZone, 'UTC');
    assert.deepEqual(s.body.workingHours?.daysOfWeek, ['monday', 'tuesday', 'wednesday', 'thursday', 'friday']);
    const bob = h.token(USERS.bob, ['Mail.ReadWrite']);
    assert.equal((await h.call('GET', '/v1.0/me/mailboxSettings/automaticRepliesSetting', bob)).status, 403);
    assert.equal((await h.call('GET', `/v1.0/users/${USERS.bob.id}/mailboxSettings`, ann)).status, 403);
  });

  test('getMailTips reports a colleague\'s automatic reply; unknown addresses get an error entry', async () => {
    const set = await h.ctl('PUT', '/control/mail/automatic-replies', { mailbox: 'bob@contoso.test', status: 'alwaysEnabled', internalReplyMessage: 'Out until Monday', externalReplyMessage: 'Away' });
    assert.equal(set.status, 200);
    const own = await h.call<AutomaticRepliesSetting>('GET', '/v1.0/me/mailboxSettings/automaticRepliesSetting', h.token(USERS.bob, ['MailboxSettings.Read']));
    assert.equal(own.body.status, 'alwaysEnabled');
    assert.equal(own.body.externalReplyMessage, 'Away');
    const reader = h.token(USERS.ann, ['Mail.Read']);
    const r = await h.call<{ value: MailTips[] }>('POST', '/v1.0/me/getMailTips', reader, {
      body: { EmailAddresses: ['bob@contoso.test', 'cat@contoso.test', 'ghost@outside.test'], MailTipsOptions: 'automaticReplies' },
    });
    assert.equal(r.status, 200);
    const [bob, cat, ghost] = r.body.value;
    assert.equal(bob!.automaticReplies?.message, 'Out until Monday');
    assert.equal(cat!.automaticReplies?.message, '');
    assert.ok(ghost!.error?.code);
    assert.equal(ghost!.automaticReplies, undefined);
    const past = { dateTime: '2020-01-01T00:00:00', timeZone: 'UTC' };
    const future = { dateTime: '2999-01-01T00:00:00', timeZone: 'UTC' };
    await h.ctl('PUT', '/control/mail/automatic-replies', { mailbox: USERS.cat.id, status: 'scheduled', internalReplyMessage: 'On leave', scheduledStartDateTime: past, scheduledEndDateTime: future });
    const again = await h.call<{ value: MailTips[] }>('POST', '/v1.0/me/getMailTips', reader, { body: { EmailAddresses: ['cat@contoso.test'], MailTipsOptions: 'automaticReplies' } });
    assert.equal(again.body.value[0]!.automaticReplies?.message, 'On leave');
    assert.equal(again.body.value[0]!.automaticReplies?.scheduledEndTime?.dateTime, future.dateTime);
    assert.equal((await h.call('POST', '/v1.0/me/getMailTips', h.token(USERS.ann, ['User.Read']), { body: { EmailAddresses: ['bob@contoso.test'], MailTipsOptions: 'automaticReplies' } })).status, 403);
  });

  test('people are ranked by how much the user corresponds with them, with prefix search', async () => {
    const send = (to: string, n: number) => Promise.all(Array.from({ length: n }, () =>
      h.call('POST', '/v1.0/me/sendMail', ann, { body: { message: { subject: 's', toRecipients: [{ emailAddress: { address: to } }] } } })));
    await send('carla.rivera@partner.test', 5);
    await send('bob@contoso.test', 2);
    for (let i = 0; i < 3; i++) await h.ctl('POST', '/control/mail/deliver', { mailbox: USERS.ann.id, from: { name: 'Carl Rivers', address: 'carl@vendor.test' }, subject: 'x', body: 'y' });
    const all = await h.call<{ value: Person[] }>('GET', '/v1.0/me/people?$top=10', ann);
    assert.equal(all.status, 200);
    const order = all.body.value.map((p) => p.scoredEmailAddresses![0]!.address);
    assert.deepEqual(order.slice(0, 3), ['carla.rivera@partner.test', 'bob@contoso.test', 'carl@vendor.test']);
    const scores = all.body.value.map((p) => p.scoredEmailAddresses![0]!.relevanceScore!);
    assert.deepEqual([...scores].sort((a, b) => b - a), scores);
    const bob = all.body.value.find((p) => p.userPrincipalName === 'bob@contoso.test');
    assert.equal(bob?.personType?.subclass, 'OrganizationUser');
    const found = await h.call<{ value: Person[] }>('GET', '/v1.0/me/people?$search="carl"', ann);
    assert.deepEqual(found.body.value.map((p) => p.displayName), ['carla.rivera@partner.test', 'Carl Rivers']);
    const byName = await h.call<{ value: Person[] }>('GET', '/v1.0/me/people?$search=riv', ann);
    assert.equal(byName.body.value.length, 2);
    assert.equal((await h.call('GET', '/v1.0/me/people?$search=carl&$skip=1', ann)).status, 400);
    assert.equal((await h.call('GET', '/v1.0/me/people', h.token(USERS.ann, ['Mail.Read']))).status, 403);
  });

  test('$batch: dependsOn ordering, per-item status, a failed dependency is 424, more than 20 is 400', async () => {
    const r = await h.call<BatchResponse>('POST', '/v1.0/$batch', ann, {
      body: {
        requests: [
          { id: '1', method: 'POST', url: '/me/messages', body: { subject: 'batched' }, headers: { 'Content-Type': 'application/json' } },
          { id: '2', method: 'GET', url: "/me/mailFolders/drafts/messages?$filter=subject eq 'batched'", dependsOn: ['1'] },
          { id: '3', method: 'GET', url: '/me/messages/nope' },
          { id: '4', method: 'GET', url: '/me', dependsOn: ['3'] },
          { id: '5', method: 'GET', url: `/users/${USERS.bob.id}/messages` },
        ],
      },
    });
    assert.equal(r.status, 200);
    const byId = new Map(r.body.responses.map((x) => [x.id, x]));
    assert.equal(byId.get('1')!.status, 201);
    assert.equal(byId.get('2')!.status, 200);
    assert.equal((byId.get('2')!.body!.value as Message[]).length, 1, 'dependsOn ran after the create');
    assert.equal(byId.get('3')!.status, 404);
    assert.equal(byId.get('4')!.status, 424);
    assert.equal(byId.get('5')!.status, 403);
    const tooMany = await h.call<{ error: { code: string } }>('POST', '/v1.0/$batch', ann, {
      body: { requests: Array.from({ length: 21 }, (_, i) => ({ id: String(i), method: 'GET', url: '/me' })) },
    });
    assert.equal(tooMany.status, 400);
    assert.equal(tooMany.body.error.code, 'BadRequest');
    assert.equal((await h.call('POST', '/v1.0/$batch', 'bad-token', { body: { requests: [] } })).status, 401);
  });

  test('$batch sub-requests can be throttled on their own', async () => {
    await h.ctl('POST', '/control/mail/faults', { mailbox: USERS.ann.id, status: 429, count: 1, retryAfter: 3 });
    const r = await h.call<BatchResponse>('POST', '/v1.0/$batch', ann, { body: { requests: [{ id: 'a', method: 'GET', url: '/me' }, { id: 'b', method: 'GET', url: '/me', dependsOn: ['a'] }] } });
    assert.equal(r.status, 200);
    assert.equal(r.body.responses[0]!.status, 429);
    assert.equal(r.body.responses[0]!.headers['Retry-After'], '3');
    assert.equal(r.body.responses[1]!.status, 424);
  });
});
