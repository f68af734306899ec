import type { Attachment, FileAttachment, Message } from '@microsoft/microsoft-graph-types';
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { MAIL, USERS, startGraphHarness, type GraphHarness } from './graphHarness.js';

interface Page<T> { value: T[]; '@odata.nextLink'?: string; '@odata.count'?: number }
interface Err { error: { code: string; message: string; innerError: { 'request-id': string } } }

describe('sandbox Graph: $search, attachments, photo, refused options and unknown paths', () => {
  let h: GraphHarness;
  let ann: string;
  const deliver = (from: string, subject: string, body: string) =>
    h.ctl<{ id: string }>('POST', '/control/mail/deliver', { mailbox: USERS.ann.id, from: { name: from.split('@')[0], address: from }, subject, body });

  before(async () => {
    h = await startGraphHarness();
    ann = h.token(USERS.ann, MAIL);
    await deliver('quinn@supplier.example', 'Quarterly invoice', 'Please find the numbers attached.');
    await deliver('rita@partner.example', 'Lunch on Friday', 'Pizza or sushi? The invoice can wait.');
    await deliver('quinn@supplier.example', 'Shipping update', 'The pallets left the warehouse.');
  });
  after(() => h.close());

  const search = (q: string, extra = '') => h.call<Page<Message>>('GET', `/v1.0/me/messages?$search=${encodeURIComponent(`"${q}"`)}${extra}`, ann);
  const subjects = (p: Page<Message>) => p.value.map((m) => m.subject).sort();

  test('free text searches subject, body and from; property terms narrow it; nonsense finds nothing', async () => {
    assert.deepEqual(subjects((await search('invoice')).body), ['Lunch on Friday', 'Quarterly invoice']);
    assert.deepEqual(subjects((await search('pallets')).body), ['Shipping update']);
    assert.deepEqual(subjects((await search('quinn')).body), ['Quarterly invoice', 'Shipping update']);
    assert.deepEqual(subjects((await search('subject:invoice')).body), ['Quarterly invoice']);
    assert.deepEqual(subjects((await search('from:quinn@supplier.example subject:shipping')).body), ['Shipping update']);
    assert.deepEqual(subjects((await search('pallets OR sushi')).body), ['Lunch on Friday', 'Shipping update']);
    const none = await search('zzqxv-nothing-like-this');
    assert.equal(none.status, 200);
    assert.deepEqual(none.body.value, []);
  });

  test('search pages by skip token; $orderby or $skip beside $search is refused as Graph does', async () => {
    const first = await search('quinn', '&$top=1');
    assert.equal(first.body.value.length, 1);
    const next = first.body['@odata.nextLink']!;
    const link = new URL(next);
    assert.equal(`${link.origin}${link.pathname}`, 'https://graph.test/v1.0/me/messages');
    assert.ok(link.searchParams.get('$skiptoken'));
    assert.equal(link.searchParams.get('$skip'), null);
    const second = await h.call<Page<Message>>('GET', next, ann);
    assert.equal(second.body.value.length, 1);
    assert.notEqual(second.body.value[0]!.id, first.body.value[0]!.id);
    assert.equal(second.body['@odata.nextLink'], undefined);

    const ordered = await search('quinn', '&$orderby=subject');
    assert.equal(ordered.status, 400);
    assert.equal((ordered.body as unknown as Err).error.code, 'SearchWithOrderBy');
    assert.equal((await search('quinn', '&$skip=1')).status, 400);
  });

  test('an option an endpoint does not implement is a 400, never ignored', async () => {
    const r = await h.call<Err>('GET', '/v1.0/me/messages?$format=json', ann);
    assert.equal(r.status, 400);
    assert.match(r.body.error.message, /\$format/);
    const expand = await h.call<Err>('GET', '/v1.0/me/messages?$expand=nonsense', ann);
    assert.equal(expand.status, 400);
    assert.match(expand.body.error.message, /Could not find a property named 'nonsense'/);
  });

  test('a small fileAttachment: create, list, get, $value, $expand, hasAttachments, delete', async () => {
    const { body: { id: messageId } } = await deliver('sam@client.example', 'Contract', 'Draft attached.');
    const bytes = Buffer.from('%PDF-1.4 pretend contract');
    const created = await h.call<FileAttachment>('POST', `/v1.0/me/messages/${messageId}/attachments`, ann, {
      body: { '@odata.type': '#microsoft.graph.fileAttachment', name: 'contract.pdf', contentType: 'application/pdf', contentBytes: bytes.toString('base64') },
    });
    assert.equal(created.status, 201);
    assert.equal(created.body.name, 'contract.pdf');
    assert.equal(created.body.size, bytes.length);

    const list = await h.call<Page<Attachment>>('GET', `/v1.0/me/messages/${messageId}/attachments`, ann);
    assert.deepEqual(list.body.value.map((a) => a.id), [created.body.id]);
    const one = await h.call<FileAttachment>('GET', `/v1.0/me/messages/${messageId}/attachments/${created.body.id}`, ann);
    assert.equal(one.body.contentBytes, bytes.toString('base64'));
    const raw = await h.app.inject({ method: 'GET', url: `/v1.0/me/messages/${messageId}/attachments/${created.body.id}/$value`, headers: { authorization: `Bearer ${ann}` } });
    assert.equal(raw.statusCode, 200);
    assert.match(String(raw.headers['content-type']), /^application\/pdf/);
    assert.deepEqual(raw.rawPayload, bytes);

    const message = await h.call<Message>('GET', `/v1.0/me/messages/${messageId}?$expand=attachments`, ann);
    assert.equal(message.body.hasAttachments, true);
    assert.equal(message.body.attachments?.[0]?.name, 'contract.pdf');

    const basic = h.token(USERS.ann, ['Mail.ReadBasic']);
    assert.equal((await h.call('GET', `/v1.0/me/messages/${messageId}/attachments`, basic)).status, 403);
    assert.equal((await h.call('DELETE', `/v1.0/me/messages/${messageId}/attachments/${created.body.id}`, ann)).status, 204);
    assert.equal((await h.call<Message>('GET', `/v1.0/me/messages/${messageId}`, ann)).body.hasAttachments, false);
    assert.equal((await h.call<Err>('GET', `/v1.0/me/messages/${messageId}/attachments/${created.body.id}`, ann)).body.error.code, 'ErrorItemNotFound');
  });

  test('a user without a photo gets 404 ImageNotFound', async () => {
    for (const path of ['/v1.0/me/photo', '/v1.0/me/photo/$value']) {
      const r = await h.call<Err>('GET', path, ann);
      assert.equal(r.status, 404);
      assert.equal(r.body.error.code, 'ImageNotFound');
    }
  });

  test('every unmatched path answers Graph\'s error shape with request ids', async () => {
    const cases: Array<[string, number, string, RegExp]> = [
      ['/beta/me', 501, 'NotImplemented', /beta/],
      ['/v9.9/me', 400, 'BadRequest', /^Invalid version: v9\.9$/],
      ['/me', 400, 'BadRequest', /^Invalid version: me$/],
      ['/v1.0/nonsense', 400, 'BadRequest', /segment 'nonsense'/],
      ['/v1.0/me/nonsense', 400, 'BadRequest', /segment 'nonsense'/],
      ['/v1.0/organization', 501, 'NotImplemented', /organization/],
      ['/v1.0/groups', 501, 'NotImplemented', /groups/],
      ['/v1.0/me/onenote/notebooks', 501, 'NotImplemented', /onenote/],
      ['/v1.0/me/planner/tasks', 501, 'NotImplemented', /planner/],
      ['/v1.0/me/insights/used', 501, 'NotImplemented', /insights/],
      ['/v1.0/me/onlineMeetings', 501, 'NotImplemented', /onlineMeetings/],
      [`/v1.0/users/${USERS.ann.id}/presence`, 501, 'NotImplemented', /presence/],
    ];
    for (const [path, status, code, message] of cases) {
      const r = await h.call<Err>('GET', path, ann, { headers: { 'client-request-id': 'c-1' } });
      assert.equal(r.status, status, path);
      assert.equal(r.body.error.code, code, path);
      assert.match(r.body.error.message, message, path);
      assert.ok(r.headers['request-id'], path);
      assert.equal(r.headers['client-request-id'], 'c-1', path);
      assert.equal(r.body.error.innerError['request-id'], r.headers['request-id'], path);
    }
  });
});
