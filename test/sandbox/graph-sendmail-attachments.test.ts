/**
 * Sandbox Graph conformance: POST /me/sendMail with fileAttachments (the .ics a booking page
 * mails a guest), the Sent Items copy, delivery inside the tenant, limits, and the control API's
 * outbound log, where a test reads what an outside address received.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Message } from '@microsoft/microsoft-graph-types';
import { registerGraph } from '../../sandbox/graph/index.js';
import { MAIL, USERS, startGraphHarness, type GraphHarness } from './graphHarness.js';

interface Attachment { id: string; name: string; contentType: string; size: number; isInline: boolean; contentId: string | null; contentBytes: string }
interface Outbound {
  id: string;
  sender: string;
  from: { name: string; address: string };
  to: Array<{ name: string; address: string }>;
  cc: Array<{ name: string; address: string }>;
  bcc: Array<{ name: string; address: string }>;
  subject: string;
  body: { contentType: string; content: string };
  sentDateTime: string;
  internetMessageId: string;
  deliveredTo: string[];
  external: string[];
  attachments: Array<{ name: string; contentType: string; size: number; isInline: boolean; contentId: string | null; contentBytes: string; text?: string }>;
}
interface GraphErrorBody { error: { code: string; message: string } }

const GUEST = 'guest@outside.test';
// CRLF line endings and a non-ASCII name: the bytes must come back exactly as sent.
const ICS = Buffer.from([
  'BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Tandem//Scheduling//EN', 'METHOD:REQUEST', 'BEGIN:VEVENT',
  'UID:booking-42@tandem.test', 'DTSTART:20270201T150000Z', 'DTEND:20270201T153000Z', 'SUMMARY:Intro call with Zoë',
  'ORGANIZER;CN=Ann Archer:mailto:ann@contoso.test', `ATTENDEE;CN=Guest:mailto:${GUEST}`, 'END:VEVENT', 'END:VCALENDAR', '',
].join('\r\n'), 'utf8');

const ics = (extra: Record<string, unknown> = {}) => ({ '@odata.type': '#microsoft.graph.fileAttachment', name: 'invite.ics', contentType: 'text/calendar; method=REQUEST', contentBytes: ICS.toString('base64'), ...extra });
const message = (subject: string, extra: Record<string, unknown> = {}) => ({
  subject, body: { contentType: 'HTML', content: `<p>${subject}</p>` }, toRecipients: [{ emailAddress: { address: GUEST, name: 'Guest' } }], attachments: [ics()], ...extra,
});

describe('sandbox Graph: sendMail with file attachments, and the outbound log', () => {
  let h: GraphHarness;
  let ann: string;
  // The real Graph listener takes bodies up to 8 MB (sandbox/server.ts); the harness keeps Fastify's 1 MB.
  let wide: FastifyInstance;
  const send = (token: string, body: unknown) => h.call<GraphErrorBody>('POST', '/v1.0/me/sendMail', token, { body });
  const outbound = async (query = '') => {
    const r = await h.ctl<{ value: Outbound[] }>('GET', `/control/mail/outbound${query}`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    return r.body.value;
  };
  const sentItems = async (token: string) =>
    (await h.call<{ value: Array<Message & { id: string }> }>('GET', '/v1.0/me/mailFolders/sentitems/messages?$top=50', token)).body.value;

  before(async () => {
    h = await startGraphHarness();
    ann = h.token(USERS.ann, MAIL);
    wide = Fastify({ logger: false, bodyLimit: 8 * 1024 * 1024 });
    await registerGraph(wide, h.ctx);
    await wide.ready();
  });
  after(async () => {
    await wide.close();
    await h.close();
  });

  test('an .ics sent to an outside address is readable through the control API with its exact bytes and every envelope field', async () => {
    await h.ctl('DELETE', '/control/mail/outbound');
    assert.equal((await send(ann, { message: message('Your booking: intro call') })).status, 202);
    const [got, ...rest] = await outbound(`?to=${GUEST}`);
    assert.equal(rest.length, 0);
    assert.equal(got!.subject, 'Your booking: intro call');
    assert.deepEqual(got!.from, { name: USERS.ann.displayName, address: USERS.ann.mail });
    assert.equal(got!.sender, USERS.ann.id);
    assert.deepEqual(got!.to, [{ name: 'Guest', address: GUEST }]);
    assert.deepEqual([got!.cc, got!.bcc], [[], []]);
    assert.deepEqual(got!.body, { contentType: 'html', content: '<p>Your booking: intro call</p>' });
    assert.match(got!.sentDateTime, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.ok(Math.abs(Date.parse(got!.sentDateTime) - Date.now()) < 60_000);
    assert.match(got!.internetMessageId, /^<.+@contoso\.test>$/);
    assert.deepEqual([got!.external, got!.deliveredTo], [[GUEST], []]);
    const [att] = got!.attachments;
    assert.deepEqual([att!.name, att!.contentType, att!.size, att!.isInline], ['invite.ics', 'text/calendar; method=REQUEST', ICS.length, false]);
    assert.ok(Buffer.from(att!.contentBytes, 'base64').equals(ICS), 'the exact bytes');
    assert.equal(att!.text, ICS.toString('utf8'));
    assert.match(att!.text!, /SUMMARY:Intro call with Zoë\r\n/);
  });

  test('the Sent Items copy carries the attachment: hasAttachments, /attachments, /attachments/{id} with contentBytes, and $value', async () => {
    await send(ann, { message: message('Sent copy check') });
    const copy = (await sentItems(ann)).find((m) => m.subject === 'Sent copy check')!;
    assert.equal(copy.hasAttachments, true);
    assert.equal(copy.internetMessageId, (await outbound(`?to=${GUEST}`))[0]!.internetMessageId, 'the log and Sent Items describe the same message');
    const list = await h.call<{ value: Attachment[] }>('GET', `/v1.0/me/messages/${copy.id}/attachments`, ann);
    assert.equal(list.status, 200);
    assert.deepEqual(list.body.value.map((a) => [a.name, a.contentType, a.size]), [['invite.ics', 'text/calendar; method=REQUEST', ICS.length]]);
    const one = await h.call<Attachment>('GET', `/v1.0/me/messages/${copy.id}/attachments/${list.body.value[0]!.id}`, ann);
    assert.ok(Buffer.from(one.body.contentBytes, 'base64').equals(ICS));
    const raw = await h.app.inject({ method: 'GET', url: `/v1.0/me/messages/${copy.id}/attachments/${one.body.id}/$value`, headers: { host: 'graph.test', authorization: `Bearer ${ann}` } });
    assert.ok(raw.rawPayload.equals(ICS));
    assert.match(String(raw.headers['content-type']), /^text\/calendar/);
  });

  test('a colleague in the tenant finds it in their Inbox with the attachment; the log says delivered for them and external for the guest', async () => {
    const bob = h.token(USERS.bob, MAIL);
    await send(ann, { message: message('For Bob too', { ccRecipients: [{ emailAddress: { address: USERS.bob.mail } }] }) });
    const inbox = (await h.call<{ value: Array<Message & { id: string }> }>('GET', '/v1.0/me/mailFolders/inbox/messages?$top=20', bob)).body.value;
    const received = inbox.find((m) => m.subject === 'For Bob too')!;
    assert.equal(received.hasAttachments, true);
    const atts = (await h.call<{ value: Attachment[] }>('GET', `/v1.0/me/messages/${received.id}/attachments`, bob)).body.value;
    assert.ok(Buffer.from(atts[0]!.contentBytes, 'base64').equals(ICS));
    const [logged] = await outbound(`?to=${USERS.bob.mail.toUpperCase()}`);
    assert.equal(logged!.subject, 'For Bob too');
    assert.deepEqual([logged!.deliveredTo, logged!.external], [[USERS.bob.mail], [GUEST]]);
  });

  test('the log: newest first, filtered by any recipient (to, cc or bcc) and by sender (id or UPN); DELETE clears it', async () => {
    await h.ctl('DELETE', '/control/mail/outbound');
    const cat = h.token(USERS.cat, MAIL);
    await send(ann, { message: message('one', { bccRecipients: [{ emailAddress: { address: 'hidden@outside.test' } }] }) });
    await send(cat, { message: message('two') });
    await send(ann, { message: message('three', { toRecipients: [{ emailAddress: { address: 'other@outside.test' } }] }) });
    assert.deepEqual((await outbound()).map((m) => m.subject), ['three', 'two', 'one']);
    assert.deepEqual((await outbound(`?to=${GUEST}`)).map((m) => m.subject), ['two', 'one']);
    assert.deepEqual((await outbound('?to=hidden@outside.test')).map((m) => m.subject), ['one']);
    assert.deepEqual((await outbound(`?from=${USERS.ann.userPrincipalName}`)).map((m) => m.subject), ['three', 'one']);
    assert.deepEqual((await outbound(`?from=${USERS.cat.id}&to=${GUEST}`)).map((m) => m.subject), ['two']);
    assert.deepEqual((await outbound('?top=1')).map((m) => m.subject), ['three']);
    assert.equal((await h.ctl('GET', '/control/mail/outbound?top=0')).status, 400);
    assert.deepEqual((await h.ctl('DELETE', '/control/mail/outbound')).body, { cleared: 3 });
    assert.deepEqual(await outbound(), []);
  });

  test('inline attachments keep isInline and contentId and do not make hasAttachments true', async () => {
    const logo = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
    await send(ann, { message: message('Inline only', { attachments: [{ '@odata.type': '#microsoft.graph.fileAttachment', name: 'logo.png', contentType: 'image/png', contentBytes: logo.toString('base64'), isInline: true, contentId: 'logo@tandem' }] }) });
    const copy = (await sentItems(ann)).find((m) => m.subject === 'Inline only')!;
    assert.equal(copy.hasAttachments, false);
    const [att] = (await h.call<{ value: Attachment[] }>('GET', `/v1.0/me/messages/${copy.id}/attachments`, ann)).body.value;
    assert.deepEqual([att!.isInline, att!.contentId], [true, 'logo@tandem']);
    const [logged] = await outbound(`?to=${GUEST}`);
    assert.deepEqual([logged!.attachments[0]!.isInline, logged!.attachments[0]!.contentId, 'text' in logged!.attachments[0]!], [true, 'logo@tandem', false]);
    assert.ok(Buffer.from(logged!.attachments[0]!.contentBytes, 'base64').equals(logo));
  });

  test('up to 3 MB of attachments go in one sendMail; one byte more is 413 and nothing is sent or saved', async () => {
    const inject = async (bytes: number, subject: string) => {
      const res = await wide.inject({
        method: 'POST', url: '/v1.0/me/sendMail', headers: { host: 'graph.test', authorization: `Bearer ${ann}`, 'content-type': 'application/json' },
        payload: JSON.stringify({ message: message(subject, { attachments: [ics({ name: 'big.bin', contentType: 'application/octet-stream', contentBytes: Buffer.alloc(bytes, 7).toString('base64') })] }) }),
      });
      return { status: res.statusCode, body: JSON.parse(res.payload || '{}') as GraphErrorBody };
    };
    await h.ctl('DELETE', '/control/mail/outbound');
    assert.equal((await inject(3 * 1024 * 1024, 'Exactly 3 MB')).status, 202);
    const tooBig = await inject(3 * 1024 * 1024 + 1, 'Over 3 MB');
    assert.equal(tooBig.status, 413);
    assert.equal(tooBig.body.error.code, 'ErrorMessageSizeExceeded');
    assert.deepEqual((await outbound()).map((m) => [m.subject, m.attachments[0]!.size]), [['Exactly 3 MB', 3 * 1024 * 1024]]);
    assert.equal((await sentItems(ann)).some((m) => m.subject === 'Over 3 MB'), false);
  });

  test('malformed attachments are 400 and send nothing: bad base64, wrong @odata.type, no name', async () => {
    await h.ctl('DELETE', '/control/mail/outbound');
    const cases: Array<[Record<string, unknown>, string]> = [
      [ics({ contentBytes: 'not base64!' }), 'RequestBodyRead'],
      [ics({ contentBytes: 'QUJD=' }), 'RequestBodyRead'],
      [ics({ '@odata.type': undefined }), 'ErrorInvalidRequest'],
      [ics({ name: '' }), 'ErrorInvalidRequest'],
    ];
    for (const [attachment, code] of cases) {
      const r = await send(ann, { message: message('Broken', { attachments: [attachment] }) });
      assert.equal(r.status, 400, JSON.stringify(attachment));
      assert.equal(r.body.error.code, code);
    }
    assert.equal((await send(ann, { message: message('Broken', { attachments: 'invite.ics' }) })).status, 400);
    assert.deepEqual(await outbound(), []);
    assert.equal((await sentItems(ann)).some((m) => m.subject === 'Broken'), false);
    assert.equal((await send(ann, { message: message('Wrapped base64', { attachments: [ics({ contentBytes: ICS.toString('base64').replace(/(.{76})/g, '$1\r\n') })] }) })).status, 202, 'line breaks in base64 are ignored');
    assert.ok(Buffer.from((await outbound())[0]!.attachments[0]!.contentBytes, 'base64').equals(ICS));
  });

  test('Mail.Send is required: Mail.ReadWrite alone gets 403 ErrorAccessDenied and nothing is sent', async () => {
    await h.ctl('DELETE', '/control/mail/outbound');
    const r = await send(h.token(USERS.ann, ['Mail.ReadWrite', 'User.Read']), { message: message('Not allowed') });
    assert.equal(r.status, 403);
    assert.equal(r.body.error.code, 'ErrorAccessDenied');
    assert.deepEqual(await outbound(), []);
  });

  test('saveToSentItems false: no Sent Items copy, but the guest still receives the attachment', async () => {
    await send(ann, { message: message('Not kept'), saveToSentItems: false });
    assert.equal((await sentItems(ann)).some((m) => m.subject === 'Not kept'), false);
    const [logged] = await outbound(`?to=${GUEST}`);
    assert.equal(logged!.subject, 'Not kept');
    assert.ok(Buffer.from(logged!.attachments[0]!.contentBytes, 'base64').equals(ICS));
  });

  test('a draft with an attachment, sent, reaches the log with it; a reply is logged too', async () => {
    const draft = await h.call<{ id: string }>('POST', '/v1.0/me/messages', ann, { body: { subject: 'Draft with invite', toRecipients: [{ emailAddress: { address: GUEST } }] } });
    assert.equal((await h.call('POST', `/v1.0/me/messages/${draft.body.id}/attachments`, ann, { body: ics() })).status, 201);
    assert.equal((await h.call('POST', `/v1.0/me/messages/${draft.body.id}/send`, ann)).status, 202);
    const [logged] = await outbound(`?to=${GUEST}`);
    assert.equal(logged!.subject, 'Draft with invite');
    assert.ok(Buffer.from(logged!.attachments[0]!.contentBytes, 'base64').equals(ICS));

    await h.ctl('POST', '/control/mail/deliver', { mailbox: USERS.ann.id, from: { address: 'client@outside.test' }, subject: 'Question', body: 'Can we meet?' });
    const inbox = (await h.call<{ value: Array<Message & { id: string }> }>('GET', '/v1.0/me/mailFolders/inbox/messages?$top=5', ann)).body.value;
    const question = inbox.find((m) => m.subject === 'Question')!;
    assert.equal((await h.call('POST', `/v1.0/me/messages/${question.id}/reply`, ann, { body: { comment: 'Yes, book a slot.' } })).status, 202);
    const [reply] = await outbound('?to=client@outside.test');
    assert.deepEqual([reply!.subject, reply!.attachments], ['RE: Question', []]);
  });

  test('the request pipeline applies to sendMail: an injected fault sends nothing; latency is waited', async () => {
    await h.ctl('DELETE', '/control/mail/outbound');
    await h.ctl('POST', '/control/mail/faults', { mailbox: USERS.ann.id, status: 503, retryAfter: 1 });
    const failed = await send(ann, { message: message('Faulted') });
    assert.equal(failed.status, 503);
    assert.equal(failed.headers['retry-after'], '1');
    assert.deepEqual(await outbound(), []);
    await h.ctl('PUT', '/control/mail/throttling', { latencyMs: 120 });
    try {
      const started = performance.now();
      assert.equal((await send(ann, { message: message('Slow') })).status, 202);
      assert.ok(performance.now() - started >= 115);
    } finally {
      await h.ctl('PUT', '/control/mail/throttling', { latencyMs: 0 });
    }
    assert.equal((await outbound()).length, 1);
  });
});
