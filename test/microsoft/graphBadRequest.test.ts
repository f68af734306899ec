/**
 * Graph's 400 is a request Microsoft 365 would not take, not an outage: the inbox answers it as a
 * 422 microsoft_invalid_request saying what did not happen, logs Graph's code, and never shows
 * Graph's own text. Outages (5xx, throttling that outlasts the retries) stay 503
 * microsoft_unavailable. Tandem is connected through the sandbox; the Graph answers under test
 * come from a fake Graph put in place of the integration's client, since the sandbox's injected
 * faults offer only 429, 500 and 503.
 */
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, before, beforeEach, describe, test } from 'node:test';
import Fastify, { type FastifyBaseLogger } from 'fastify';
import { pino } from 'pino';
import { viaGraph } from '../../src/app/microsoft/inbox/deps.js';
import { inboxOf } from '../../src/app/microsoft/inbox/install.js';
import { rejectedByMicrosoft } from '../../src/app/microsoft/inbox/errors.js';
import { GraphClient } from '../../src/microsoft/graph/client.js';
import { classifyGraphResponse } from '../../src/microsoft/graph/errors.js';
import { OutOfOfficeLookup } from '../../src/microsoft/mail/mailTips.js';
import { installMailErrors } from '../../src/http/routes/mail/errors.js';
import { json, send, startFakeGraph, type FakeGraph } from '../helpers/fakeGraph.js';
import { accountIdOf, connectMicrosoft, startMicrosoftTestEnv, type MicrosoftTestEnv } from '../helpers/microsoft.js';
import { createTenantWithUsers, startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';
import type { ApiClient, ApiResponse } from '../helpers/server.js';
import { deliverAndStore } from './inboxHarness.js';

/** Graph's wording may carry addresses or internals; none of it belongs in Tandem's answer. */
const GRAPH_DETAIL = 'GRAPH-DETAIL-not-for-users';
const badRequest = (code: string) => ({ error: { code, message: GRAPH_DETAIL } });

function answered(res: ApiResponse, status: number, code: string, message: RegExp): void {
  assert.equal(res.status, status, `expected ${status} ${code}, got ${res.status} ${JSON.stringify(res.body)}`);
  assert.equal(res.body?.error?.code, code);
  assert.match(res.body.error.message, message);
  assert.doesNotMatch(JSON.stringify(res.body), new RegExp(GRAPH_DETAIL));
}

describe('Graph 400s on inbox actions (sqlite)', () => {
  let sb: TestSandbox;
  let env: MicrosoftTestEnv;
  let fake: FakeGraph;
  let api: ApiClient;
  let messageId: string;
  let bobMail: string;

  before(async () => {
    sb = await startTestSandbox();
    env = await startMicrosoftTestEnv({ kind: 'sqlite', sandbox: sb, workers: false });
    fake = await startFakeGraph();
    const t = await createTenantWithUsers(sb, { domain: 'badreq.test', users: [{ userPrincipalName: 'ann', password: 'pw' }, { userPrincipalName: 'bob', password: 'pw' }] });
    bobMail = t.users[1]!.mail;
    api = env.client();
    await api.signup();
    const upn = t.users[0]!.userPrincipalName;
    const r = await connectMicrosoft({ api, sandbox: sb, upn, password: 'pw', features: ['mail', 'sendMail'] });
    assert.equal(r.ok, true, r.error);
    const accountId = (await accountIdOf(env, api))!;
    messageId = await deliverAndStore(env, sb, { accountId, mailbox: upn, subject: 'Reply to me', body: 'x', from: bobMail });
    // From here on Graph is the fake: the inbox reads its client from the integration, and the
    // out-of-office lookup holds its own.
    const graph = new GraphClient({ graphUrl: fake.url, fetch: globalThis.fetch, accessToken: async () => 't', log: pino({ level: 'silent' }), maxAttempts: 2, sleep: async () => undefined });
    env.integration.graph = graph;
    inboxOf(env.integration)!.outOfOffice = new OutOfOfficeLookup(graph);
  });
  after(async () => {
    await env?.close();
    await fake?.close();
    await sb?.close();
  });
  beforeEach(() => fake.reset());

  const reply = () => api.request('POST', `/api/mail/messages/${messageId}/reply`, { body: 'Thanks!' });
  const outOfOffice = () => api.request('GET', `/api/mail/out-of-office?emails=${encodeURIComponent(bobMail)}`);

  test('a 400 on reply is a 422 saying the reply was not sent, asked of Graph once', async () => {
    fake.answer((_req, res) => json(res, 400, badRequest('ErrorInvalidRequest')));
    answered(await reply(), 422, 'microsoft_invalid_request', /did not accept this reply, so it was not sent/);
    assert.equal(fake.requests.length, 1);
    assert.match(fake.requests[0]!.url, /\/reply$/);
  });

  test('a 400 on an out-of-office lookup is a 422 naming the lookup', async () => {
    fake.answer((_req, res) => json(res, 400, badRequest('ErrorInvalidRequest')));
    answered(await outOfOffice(), 422, 'microsoft_invalid_request', /did not accept the out-of-office lookup/);
    assert.equal(fake.requests.length, 1);
    assert.equal(fake.requests[0]!.url, '/v1.0/me/getMailTips');
  });

  test('a 400 without a Graph code, or with one unknown to Tandem, is answered the same way', async () => {
    fake.answer((_req, res) => send(res, 400, 'Bad Request', { 'content-type': 'text/plain' }));
    answered(await reply(), 422, 'microsoft_invalid_request', /reply/);
    fake.answer((_req, res) => json(res, 400, badRequest('ErrorSomethingNew')));
    answered(await outOfOffice(), 422, 'microsoft_invalid_request', /out-of-office/);
  });

  test('a 503 is still microsoft_unavailable, on reply and on the lookup', async () => {
    fake.answer((_req, res) => json(res, 503, badRequest('serviceNotAvailable')));
    answered(await reply(), 503, 'microsoft_unavailable', /Microsoft 365 could not be reached/);
    answered(await outOfOffice(), 503, 'microsoft_unavailable', /Microsoft 365 could not be reached/);
  });

  test('throttling that outlasts the retries is microsoft_unavailable, not a rejected request', async () => {
    fake.answer((_req, res) => json(res, 429, badRequest('TooManyRequests'), { 'retry-after': '0' }));
    answered(await reply(), 503, 'microsoft_unavailable', /slow down/);
    assert.equal(fake.requests.length, 2, 'retried once (maxAttempts 2)');
  });

  test('the out-of-office answer still works when Graph answers', async () => {
    fake.answer((_req, res) => json(res, 200, { value: [{ emailAddress: { address: bobMail }, automaticReplies: { message: 'Away until Monday' } }] }));
    const res = await outOfOffice();
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual(res.body.items, [{ address: bobMail, isOutOfOffice: true, message: 'Away until Monday' }]);
  });
});

describe('the mail routes log what Graph said and answer only Tandem\'s code', () => {
  test('Graph\'s status and code are logged at warn; the answer has neither', async () => {
    const lines: Array<Record<string, unknown>> = [];
    const stream = new Writable({ write(chunk: Buffer, _enc, done) { lines.push(JSON.parse(chunk.toString())); done(); } });
    const app = Fastify({ loggerInstance: pino({ level: 'info' }, stream) as FastifyBaseLogger });
    installMailErrors(app);
    app.get('/rejected', () => viaGraph(
      () => Promise.reject(classifyGraphResponse(400, { error: { code: 'ErrorInvalidRecipients', message: GRAPH_DETAIL } })),
      { badRequest: rejectedByMicrosoft('Microsoft 365 did not accept this.') },
    ));
    try {
      const res = await app.inject({ method: 'GET', url: '/rejected' });
      // ErrorInvalidRecipients is one the inbox explains itself: a recipient to fix, Tandem's 400.
      assert.equal(res.statusCode, 400);
      assert.equal(res.json().error.code, 'validation_failed');
      assert.doesNotMatch(res.body, /ErrorInvalidRecipients|GRAPH-DETAIL/);
      const logged = lines.find((l) => l.msg === 'Microsoft 365 refused a mail action');
      assert.ok(logged, JSON.stringify(lines));
      assert.equal(logged.level, 40);
      assert.equal(logged.kind, 'invalidRequest');
      assert.equal(logged.graphStatus, 400);
      assert.equal(logged.graphCode, 'ErrorInvalidRecipients');
      assert.equal(logged.answer, 'validation_failed');
      assert.doesNotMatch(JSON.stringify(logged), /GRAPH-DETAIL/);
    } finally {
      await app.close();
    }
  });
});
