import type { MailFolder, Message, User } from '@microsoft/microsoft-graph-types';
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { MAIL, USERS, startGraphHarness, type GraphHarness } from './graphHarness.js';

interface Page<T> { value: T[]; '@odata.nextLink'?: string; '@odata.count'?: number }
interface GraphErrorBody { error: { code: string; message: string; innerError: { date: string; 'request-id': string; 'client-request-id': string } } }

describe('sandbox Graph: mail', () => {
  let h: GraphHarness;
  let ann: string;
  before(async () => {
    h = await startGraphHarness();
    ann = h.token(USERS.ann, MAIL);
  });
  after(() => h.close());

  test('GET /me returns the signed-in user', async () => {
    const r = await h.call<User>('GET', '/v1.0/me', ann);
    assert.equal(r.status, 200);
    assert.equal(r.body.id, USERS.ann.id);
    assert.equal(r.body.userPrincipalName, 'ann@contoso.test');
    assert.equal(r.body.givenName, 'Ann');
    assert.equal(r.body.surname, 'Archer');
  });

  test('missing or bad tokens get 401 InvalidAuthenticationToken in Graph error shape', async () => {
    const r = await h.call<GraphErrorBody>('GET', '/v1.0/me/messages', 'nope', { headers: { 'client-request-id': 'abc-123' } });
    assert.equal(r.status, 401);
    assert.equal(r.body.error.code, 'InvalidAuthenticationToken');
    assert.equal(r.body.error.innerError['client-request-id'], 'abc-123');
    assert.equal(r.headers['client-request-id'], 'abc-123');
    assert.ok(r.headers['request-id']);
  });

  test('another user of the tenant is 403 ErrorAccessDenied; self by UPN works', async () => {
    const other = await h.call<GraphErrorBody>('GET', `/v1.0/users/${USERS.bob.id}/messages`, ann);
    assert.equal(other.status, 403);
    assert.equal(other.body.error.code, 'ErrorAccessDenied');
    assert.equal(other.body.error.message, 'Access is denied. Check credentials and try again.');
    const self = await h.call<Page<Message>>('GET', '/v1.0/users/ANN@contoso.test/messages', ann);
    assert.equal(self.status, 200);
  });

  test('scopes are enforced per endpoint, with broader scopes implying narrower', async () => {
    const readOnly = h.token(USERS.ann, ['Mail.Read']);
    assert.equal((await h.call('GET', '/v1.0/me/mailFolders', readOnly)).status, 200);
    assert.equal((await h.call('POST', '/v1.0/me/messages', readOnly, { body: { subject: 'x' } })).status, 403);
    assert.equal((await h.call('GET', '/v1.0/me/mailboxSettings', readOnly)).status, 403);
    assert.equal((await h.call('GET', '/v1.0/me', readOnly)).status, 403);
    const rw = h.token(USERS.ann, ['https://graph.microsoft.com/Mail.ReadWrite']);
    assert.equal((await h.call('GET', '/v1.0/me/messages', rw)).status, 200);
  });

  test('well-known folders exist, resolve case-insensitively, and have long opaque ids', async () => {
    const list = await h.call<Page<MailFolder>>('GET', '/v1.0/me/mailFolders?$top=50', ann);
    const names = list.body.value.map((f) => f.displayName);
    for (const n of ['Inbox', 'Drafts', 'Sent Items', 'Deleted Items', 'Junk Email', 'Archive']) assert.ok(names.includes(n), n);
    const inbox = await h.call<MailFolder>('GET', '/v1.0/me/mailFolders/InBox', ann);
    assert.equal(inbox.body.displayName, 'Inbox');
    assert.ok(inbox.body.id!.length > 80 && !/^\d+$/.test(inbox.body.id!));
    const onlyId = await h.call<MailFolder>('GET', '/v1.0/me/mailFolders/archive?$select=id', ann);
    assert.deepEqual(Object.keys(onlyId.body).filter((k) => !k.startsWith('@')), ['id']);
    const paged = await h.call<Page<MailFolder>>('GET', '/v1.0/me/mailFolders?$top=2', ann);
    assert.equal(paged.body.value.length, 2);
    assert.ok(paged.body['@odata.nextLink']?.includes('%24skip=2') || paged.body['@odata.nextLink']?.includes('$skip=2'));
  });

  test('the control API lists every folder of a mailbox with its counts', async () => {
    await h.ctl('POST', '/control/mail/deliver', { mailbox: 'cat@contoso.test', from: { address: 'f@outside.test' }, subject: 'count me', body: 'b' });
    const r = await h.ctl<{ value: Array<MailFolder & { wellKnownName: string | null }> }>('GET', '/control/mail/folders?mailbox=cat@contoso.test');
    assert.equal(r.status, 200);
    const inbox = r.body.value.find((f) => f.wellKnownName === 'inbox')!;
    const viaGraph = await h.call<MailFolder>('GET', '/v1.0/me/mailFolders/inbox', h.token(USERS.cat, ['Mail.Read']));
    assert.equal(inbox.totalItemCount, viaGraph.body.totalItemCount);
    assert.ok(inbox.totalItemCount! >= 1);
    assert.equal((await h.ctl('GET', '/control/mail/folders?mailbox=nobody@x.test')).status, 404);
  });

  test('user folders and child folders can be created', async () => {
    const created = await h.call<MailFolder>('POST', '/v1.0/me/mailFolders', ann, { body: { displayName: 'Clients' } });
    assert.equal(created.status, 201);
    const child = await h.call<MailFolder>('POST', `/v1.0/me/mailFolders/${created.body.id}/childFolders`, ann, { body: { displayName: 'Acme' } });
    assert.equal(child.status, 201);
    assert.equal(child.body.parentFolderId, created.body.id);
    const again = await h.call<MailFolder>('GET', `/v1.0/me/mailFolders/${created.body.id}`, ann);
    assert.equal(again.body.childFolderCount, 1);
    const dup = await h.call<GraphErrorBody>('POST', '/v1.0/me/mailFolders', ann, { body: { displayName: 'clients' } });
    assert.equal(dup.status, 409);
  });

  test('messages: list with $select/$top/$filter/$count and nextLink paging', async () => {
    for (let i = 0; i < 7; i++) {
      const r = await h.ctl('POST', '/control/mail/deliver', { mailbox: 'ann@contoso.test', from: { name: 'Pat Out', address: 'pat@outside.test' }, subject: `hello ${i}`, body: 'hi', receivedDateTime: new Date(Date.UTC(2024, 0, 1 + i)).toISOString() });
      assert.equal(r.status, 201);
    }
    const first = await h.call<Page<Message>>('GET', '/v1.0/me/mailFolders/inbox/messages?$top=3&$select=subject,receivedDateTime&$count=true', ann);
    assert.equal(first.status, 200);
    assert.equal(first.body.value.length, 3);
    assert.equal(first.body['@odata.count'], 7);
    assert.equal(first.body.value[0]!.subject, 'hello 6', 'newest first');
    assert.equal(first.body.value[0]!.bodyPreview, undefined, '$select limits the fields');
    const seen = first.body.value.map((m) => m.id);
    let next = first.body['@odata.nextLink'];
    while (next) {
      const p = await h.call<Page<Message>>('GET', next, ann);
      seen.push(...p.body.value.map((m) => m.id));
      next = p.body['@odata.nextLink'];
    }
    assert.equal(new Set(seen).size, 7);
    const id = seen[0]!;
    await h.call('PATCH', `/v1.0/me/messages/${id}`, ann, { body: { isRead: true } });
    const unread = await h.call<Page<Message>>("GET", '/v1.0/me/mailFolders/inbox/messages?$filter=isRead eq false and receivedDateTime ge 2024-01-03T00:00:00Z&$top=50', ann);
    assert.equal(unread.body.value.length, 4);
    assert.ok(unread.body.value.every((m) => m.isRead === false));
    const bad = await h.call<GraphErrorBody>('GET', '/v1.0/me/messages?$filter=bogus eq 1', ann);
    assert.equal(bad.status, 400);
  });

  test('get, PATCH (changeKey/etag/lastModified change), DELETE', async () => {
    const draft = await h.call<Message>('POST', '/v1.0/me/messages', ann, { body: { subject: 'Draft 1', body: { contentType: 'HTML', content: '<p>Hello <b>there</b></p>' }, toRecipients: [{ emailAddress: { address: 'someone@outside.test' } }] } });
    assert.equal(draft.status, 201);
    assert.equal(draft.body.isDraft, true);
    assert.equal(draft.body.bodyPreview, 'Hello there');
    const full = await h.call<Message>('GET', `/v1.0/me/messages/${draft.body.id}`, ann);
    const drafts = await h.call<MailFolder>('GET', '/v1.0/me/mailFolders/drafts', ann);
    assert.equal(full.body.parentFolderId, drafts.body.id);
    assert.equal(full.body.body?.contentType, 'html');
    h.advanceClock(2000);
    const patched = await h.call<Message & { '@odata.etag': string }>('PATCH', `/v1.0/me/messages/${draft.body.id}`, ann, {
      body: { subject: 'Draft 2', flag: { flagStatus: 'flagged' }, categories: ['Red'], importance: 'high' },
    });
    assert.equal(patched.status, 200);
    assert.equal(patched.body.subject, 'Draft 2');
    assert.notEqual(patched.body.changeKey, full.body.changeKey);
    assert.notEqual(patched.body['@odata.etag'], (full.body as { '@odata.etag'?: string })['@odata.etag']);
    assert.ok(patched.body.lastModifiedDateTime! > full.body.lastModifiedDateTime!);
    assert.deepEqual(patched.body.categories, ['Red']);
    const del = await h.call('DELETE', `/v1.0/me/messages/${draft.body.id}`, ann);
    assert.equal(del.status, 204);
    const gone = await h.call<GraphErrorBody>('GET', `/v1.0/me/messages/${draft.body.id}`, ann);
    assert.equal(gone.status, 404);
    assert.equal(gone.body.error.code, 'ErrorItemNotFound');
  });

  test('DELETE is a soft delete into Recoverable Items: out of every listed folder, @removed in delta, purge from there', async () => {
    const immutable = { Prefer: 'IdType="ImmutableId"' };
    await h.ctl('POST', '/control/mail/deliver', { mailbox: USERS.ann.id, from: { address: 'x@outside.test' }, subject: 'Soft delete', body: 'b' });
    const start = await h.call<{ '@odata.deltaLink'?: string }>('GET', '/v1.0/me/mailFolders/inbox/messages/delta', ann, { headers: { Prefer: 'odata.maxpagesize=1000, IdType="ImmutableId"' } });
    const link = start.body['@odata.deltaLink'];
    assert.ok(link, 'the inbox fits one page');
    const find = async (path: string) => (await h.call<Page<Message>>('GET', `/v1.0/me/${path}?$top=1000&$select=subject`, ann, { headers: immutable })).body.value.find((m) => m.subject === 'Soft delete');
    const msg = (await find('mailFolders/inbox/messages'))!;

    assert.equal((await h.call('DELETE', `/v1.0/me/messages/${msg.id}`, ann)).status, 204);
    assert.equal(await find('mailFolders/inbox/messages'), undefined);
    assert.equal(await find('messages'), undefined, '/me/messages does not reach Recoverable Items');
    assert.equal(await find('mailFolders/deleteditems/messages'), undefined, 'not Deleted Items either');
    const folders = await h.call<Page<MailFolder>>('GET', '/v1.0/me/mailFolders?$top=100', ann);
    assert.equal(folders.body.value.some((f) => /recoverable|deletions/i.test(f.displayName ?? '')), false, 'not a folder clients list');
    const delta = await h.call<Page<Message & { '@removed'?: { reason: string } }>>('GET', link, ann, { headers: immutable });
    assert.deepEqual(delta.body.value.filter((m) => m['@removed']).map((m) => [m.id, m['@removed']!.reason]), [[msg.id, 'deleted']]);

    // The deletions folder is reachable by its well-known name; the immutable id still names the item.
    const recoverable = await h.call<MailFolder>('GET', '/v1.0/me/mailFolders/recoverableitemsdeletions', ann);
    assert.equal(recoverable.status, 200);
    const there = (await find('mailFolders/recoverableitemsdeletions/messages'))!;
    assert.equal(there.id, msg.id);
    const byId = await h.call<Message>('GET', `/v1.0/me/messages/${msg.id}`, ann, { headers: immutable });
    assert.equal(byId.body.parentFolderId, recoverable.body.id);
    assert.ok(h.changes.some((c) => c.changeType === 'deleted' && c.immutableId === msg.id));

    assert.equal((await h.call('DELETE', `/v1.0/me/messages/${msg.id}`, ann)).status, 204);
    assert.equal((await h.call('GET', `/v1.0/me/messages/${msg.id}`, ann)).status, 404, 'purged');
    assert.equal(await find('mailFolders/recoverableitemsdeletions/messages'), undefined);
  });

  test('PATCH with If-Match: the current @odata.etag succeeds, a stale one gets 412 ErrorIrresolvableConflict', async () => {
    type Tagged = Message & { '@odata.etag': string };
    const { body } = await h.ctl<{ id: string }>('POST', '/control/mail/deliver', { mailbox: USERS.ann.id, from: { address: 'x@outside.test' }, subject: 'etag', body: 'b' });
    const v1 = (await h.call<Tagged>('GET', `/v1.0/me/messages/${body.id}`, ann)).body;
    assert.equal(v1['@odata.etag'], `W/"${v1.changeKey}"`);
    const ok = await h.call<Tagged>('PATCH', `/v1.0/me/messages/${body.id}`, ann, { body: { isRead: true }, headers: { 'if-match': v1['@odata.etag'] } });
    assert.equal(ok.status, 200);
    assert.notEqual(ok.body['@odata.etag'], v1['@odata.etag']);

    const stale = await h.call<GraphErrorBody>('PATCH', `/v1.0/me/messages/${body.id}`, ann, { body: { isRead: false }, headers: { 'if-match': v1['@odata.etag'] } });
    assert.equal(stale.status, 412);
    assert.equal(stale.body.error.code, 'ErrorIrresolvableConflict');
    assert.ok(stale.body.error.innerError['request-id']);
    assert.equal((await h.call<Message>('GET', `/v1.0/me/messages/${body.id}`, ann)).body.isRead, true, 'the stale write changed nothing');

    assert.equal((await h.call('PATCH', `/v1.0/me/messages/${body.id}`, ann, { body: { isRead: false }, headers: { 'if-match': '*' } })).status, 200);
    assert.equal((await h.call('PATCH', `/v1.0/me/messages/${body.id}`, ann, { body: { isRead: true } })).status, 200, 'no If-Match, no check');
  });

  test('sent messages refuse subject edits but accept isRead', async () => {
    const { body } = await h.ctl<{ id: string }>('POST', '/control/mail/deliver', { mailbox: USERS.ann.id, from: { address: 'x@outside.test' }, subject: 's', body: 'b' });
    const r = await h.call<GraphErrorBody>('PATCH', `/v1.0/me/messages/${body.id}`, ann, { body: { subject: 'changed' } });
    assert.equal(r.status, 400);
  });

  test('move: new id by default, same immutable id with Prefer IdType="ImmutableId"', async () => {
    const { body } = await h.ctl<{ id: string }>('POST', '/control/mail/deliver', { mailbox: USERS.ann.id, from: { address: 'm@outside.test' }, subject: 'mv', body: 'b' });
    const moved = await h.call<Message>('POST', `/v1.0/me/messages/${body.id}/move`, ann, { body: { destinationId: 'archive' } });
    assert.equal(moved.status, 201);
    assert.notEqual(moved.body.id, body.id);
    assert.ok(moved.body.id!.length > 100);
    assert.equal((await h.call('GET', `/v1.0/me/messages/${body.id}`, ann)).status, 404, 'old id is gone');

    const imm = { Prefer: 'IdType="ImmutableId"' };
    const got = await h.call<Message>('GET', `/v1.0/me/messages/${moved.body.id}`, ann, { headers: imm });
    assert.equal(got.headers['preference-applied'], 'IdType="ImmutableId"');
    const immutableId = got.body.id!;
    assert.notEqual(immutableId, moved.body.id);
    const again = await h.call<Message>('POST', `/v1.0/me/messages/${immutableId}/move`, ann, { body: { destinationId: 'inbox' }, headers: imm });
    assert.equal(again.body.id, immutableId);
    const third = await h.call<Message>('POST', `/v1.0/me/messages/${immutableId}/move`, ann, { body: { destinationId: 'deleteditems' }, headers: imm });
    assert.equal(third.body.id, immutableId);
    const copy = await h.call<Message>('POST', `/v1.0/me/messages/${immutableId}/copy`, ann, { body: { destinationId: 'inbox' } });
    assert.equal(copy.status, 201);
    assert.notEqual(copy.body.id, third.body.id);
  });

  test('Mail.ReadWrite alone cannot send: sendMail and draft send need Mail.Send', async () => {
    const rw = h.token(USERS.ann, ['Mail.ReadWrite']);
    const r = await h.call<GraphErrorBody>('POST', '/v1.0/me/sendMail', rw, { body: { message: { subject: 'x', toRecipients: [{ emailAddress: { address: 'bob@contoso.test' } }] } } });
    assert.equal(r.status, 403);
    assert.equal(r.body.error.code, 'ErrorAccessDenied');
    const draft = await h.call<Message>('POST', '/v1.0/me/messages', rw, { body: { subject: 'd', toRecipients: [{ emailAddress: { address: 'bob@contoso.test' } }] } });
    assert.equal((await h.call('POST', `/v1.0/me/messages/${draft.body.id}/send`, rw)).status, 403);
    const withSend = h.token(USERS.ann, ['Mail.ReadWrite', 'Mail.Send']);
    assert.equal((await h.call('POST', `/v1.0/me/messages/${draft.body.id}/send`, withSend)).status, 202);
  });

  test('sendMail to a tenant user lands in their inbox and in the sender\'s sent items; changes are published', async () => {
    const bob = h.token(USERS.bob, ['Mail.Read']);
    h.changes.length = 0;
    const r = await h.call('POST', '/v1.0/me/sendMail', ann, {
      body: { message: { subject: 'Lunch?', body: { contentType: 'Text', content: 'Noon?' }, toRecipients: [{ emailAddress: { address: 'BOB@contoso.test' } }] } },
    });
    assert.equal(r.status, 202);
    const inbox = await h.call<Page<Message>>('GET', "/v1.0/me/mailFolders/inbox/messages?$filter=subject eq 'Lunch?'", bob);
    assert.equal(inbox.body.value.length, 1);
    assert.equal(inbox.body.value[0]!.from?.emailAddress?.address, 'ann@contoso.test');
    assert.equal(inbox.body.value[0]!.isRead, false);
    const sent = await h.call<Page<Message>>('GET', "/v1.0/me/mailFolders/sentitems/messages?$filter=subject eq 'Lunch?'", ann);
    assert.equal(sent.body.value.length, 1);
    const bobChange = h.changes.find((c) => c.userId === USERS.bob.id && c.changeType === 'created');
    assert.ok(bobChange);
    assert.equal(bobChange.odataType, '#Microsoft.Graph.Message');
    assert.ok(bobChange.resourcePaths.includes(`Users/${USERS.bob.id}/Messages/${inbox.body.value[0]!.id}`));
    assert.ok(bobChange.resourcePaths.some((p) => /^Users\/[^/]+\/MailFolders\/[^/]+\/Messages\//.test(p)));
    assert.ok(h.changes.some((c) => c.userId === USERS.ann.id));
  });

  test('createReply makes a draft in the conversation; reply (Mail.Send) reaches a colleague', async () => {
    const bob = h.token(USERS.bob, MAIL);
    await h.call('POST', '/v1.0/me/sendMail', bob, { body: { message: { subject: 'Question', toRecipients: [{ emailAddress: { address: 'ann@contoso.test' } }] } } });
    const got = await h.call<Page<Message>>('GET', "/v1.0/me/mailFolders/inbox/messages?$filter=subject eq 'Question'", ann);
    const original = got.body.value[0]!;
    const draft = await h.call<Message>('POST', `/v1.0/me/messages/${original.id}/createReply`, ann, { body: { comment: 'Sure' } });
    assert.equal(draft.status, 201);
    assert.equal(draft.body.isDraft, true);
    assert.equal(draft.body.subject, 'RE: Question');
    assert.equal(draft.body.conversationId, original.conversationId);
    assert.equal(draft.body.toRecipients?.[0]?.emailAddress?.address, 'bob@contoso.test');
    assert.equal((await h.call('POST', `/v1.0/me/messages/${original.id}/reply`, h.token(USERS.ann, ['Mail.ReadWrite']), { body: { comment: 'x' } })).status, 403);
    assert.equal((await h.call('POST', `/v1.0/me/messages/${original.id}/reply`, ann, { body: { comment: 'Yes' } })).status, 202);
    const back = await h.call<Page<Message>>('GET', "/v1.0/me/mailFolders/inbox/messages?$filter=subject eq 'RE: Question'", bob);
    assert.equal(back.body.value.length, 1);
    assert.equal(back.body.value[0]!.conversationId, original.conversationId);
  });

  test('reply as Graph: Sent Items copy in the thread, replyTo honoured, {message} properties, comment with message.body is a 400', async () => {
    const bob = h.token(USERS.bob, MAIL);
    await h.call('POST', '/v1.0/me/sendMail', bob, { body: { message: {
      subject: 'Offsite', body: { contentType: 'text', content: 'Who <comes>?' },
      toRecipients: [{ emailAddress: { address: 'ann@contoso.test' } }], replyTo: [{ emailAddress: { name: 'Cat Cole', address: 'cat@contoso.test' } }],
    } } });
    const original = (await h.call<Page<Message>>('GET', "/v1.0/me/mailFolders/inbox/messages?$filter=subject eq 'Offsite'", ann)).body.value[0]!;

    const both = await h.call<GraphErrorBody>('POST', `/v1.0/me/messages/${original.id}/reply`, ann, { body: { comment: 'x', message: { body: { contentType: 'text', content: 'y' } } } });
    assert.equal(both.status, 400);
    assert.equal(both.body.error.code, 'ErrorInvalidRequest');

    const r = await h.call('POST', `/v1.0/me/mailFolders/inbox/messages/${original.id}/reply`, ann, { body: { comment: '<p>Count me in</p>' } });
    assert.equal(r.status, 202);
    assert.equal(r.body, undefined, '202 without a body');
    const sent = (await h.call<Page<Message>>('GET', "/v1.0/me/mailFolders/sentitems/messages?$filter=subject eq 'RE: Offsite'", ann)).body.value;
    assert.equal(sent.length, 1);
    assert.equal(sent[0]!.conversationId, original.conversationId);
    assert.deepEqual(sent[0]!.toRecipients?.map((x) => x.emailAddress?.address), ['cat@contoso.test'], 'to the replyTo, not the sender');
    assert.equal(sent[0]!.body?.contentType, 'html');
    assert.match(sent[0]!.body?.content ?? '', /<p>Count me in<\/p>[\s\S]*Who &lt;comes&gt;\?/);
    const cat = h.token(USERS.cat, ['Mail.Read']);
    const atCat = (await h.call<Page<Message>>('GET', "/v1.0/me/mailFolders/inbox/messages?$filter=subject eq 'RE: Offsite'", cat)).body.value;
    assert.equal(atCat.length, 1);
    assert.equal(atCat[0]!.conversationId, original.conversationId);
    assert.equal((await h.call<Page<Message>>('GET', "/v1.0/me/mailFolders/inbox/messages?$filter=subject eq 'RE: Offsite'", bob)).body.value.length, 0);

    // `message` sets writeable properties of the reply, recipients included.
    const custom = await h.call('POST', `/v1.0/me/messages/${original.id}/reply`, ann, { body: { message: {
      toRecipients: [{ emailAddress: { address: 'bob@contoso.test' } }], ccRecipients: [{ emailAddress: { address: 'cat@contoso.test' } }],
      body: { contentType: 'text', content: 'Adding Cat' },
    } } });
    assert.equal(custom.status, 202);
    const atBob = (await h.call<Page<Message>>('GET', "/v1.0/me/mailFolders/inbox/messages?$filter=subject eq 'RE: Offsite'", bob)).body.value;
    assert.equal(atBob.length, 1);
    assert.equal(atBob[0]!.ccRecipients?.[0]?.emailAddress?.address, 'cat@contoso.test');
    assert.equal((await h.call('POST', `/v1.0/me/messages/${original.id}/reply`, ann, { body: { message: { toRecipients: 'x' } } })).status, 400);
  });

  test('draft send moves to sent items with a new id and delivers', async () => {
    const draft = await h.call<Message>('POST', '/v1.0/me/messages', ann, { body: { subject: 'Via draft', toRecipients: [{ emailAddress: { address: 'cat@contoso.test' } }] } });
    assert.equal((await h.call('POST', `/v1.0/me/messages/${draft.body.id}/send`, ann)).status, 202);
    const sent = await h.call<Page<Message>>('GET', "/v1.0/me/mailFolders/sentitems/messages?$filter=subject eq 'Via draft'", ann);
    assert.equal(sent.body.value[0]!.isDraft, false);
    const cat = h.token(USERS.cat, ['Mail.Read']);
    const inbox = await h.call<Page<Message>>('GET', "/v1.0/me/mailFolders/inbox/messages?$filter=subject eq 'Via draft'", cat);
    assert.equal(inbox.body.value.length, 1);
  });
});
