import assert from 'node:assert/strict';
import type { ServerResponse } from 'node:http';
import { after, before, beforeEach, describe, test } from 'node:test';
import { pino } from 'pino';
import { GraphClient, type GraphPage } from '../../src/microsoft/graph/client.js';
import { classifyGraphResponse, isMicrosoftError } from '../../src/microsoft/graph/errors.js';
import { json as plainJson, send, startFakeGraph, type FakeGraph } from '../helpers/fakeGraph.js';

/**
 * Answers a real Graph, or another Graph-compatible server, may give that our sandbox never does:
 * relative paging links, mislabelled JSON, gateway pages on a 200, error bodies that are not JSON.
 */
let graph: FakeGraph;

// Labelled the way real Graph labels its JSON, parameters and all.
const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) =>
  plainJson(res, status, body, { 'content-type': 'application/json; odata.metadata=minimal', ...headers });

before(async () => {
  graph = await startFakeGraph();
});
after(() => graph.close());
beforeEach(() => graph.reset());

function makeClient(maxAttempts = 3) {
  const sleeps: number[] = [];
  const client = new GraphClient({
    graphUrl: graph.url,
    fetch: globalThis.fetch,
    accessToken: async () => 'tok',
    log: pino({ level: 'silent' }),
    maxAttempts,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
  });
  return { client, sleeps };
}

async function collect<T>(it: AsyncGenerator<GraphPage<T>>): Promise<Array<GraphPage<T>>> {
  const out: Array<GraphPage<T>> = [];
  for await (const p of it) out.push(p);
  return out;
}

describe('GraphClient paging against other Graph-compatible servers', () => {
  test('relative nextLinks and deltaLinks are resolved against the page URL and stored absolute', async () => {
    graph.answer((req, res) => {
      const u = new URL(req.url!, graph.url);
      const step = u.searchParams.get('$skiptoken');
      if (!step) return json(res, 200, { value: [{ id: 'a' }], '@odata.nextLink': '/v1.0/me/mailFolders/f/messages/delta?$skiptoken=s1' });
      if (step === 's1') return json(res, 200, { value: [], '@odata.nextLink': 'delta?$skiptoken=s2' });
      return json(res, 200, { value: [{ id: 'b' }], '@odata.deltaLink': 'delta?$deltatoken=d1' });
    });
    const { client } = makeClient();
    const pages = await collect(client.pages<{ id: string }>('a1', '/me/mailFolders/f/messages/delta?$select=id'));
    assert.deepEqual(graph.requests.map((s) => s.url), [
      '/v1.0/me/mailFolders/f/messages/delta?$select=id',
      '/v1.0/me/mailFolders/f/messages/delta?$skiptoken=s1',
      '/v1.0/me/mailFolders/f/messages/delta?$skiptoken=s2',
    ]);
    assert.equal(pages[0]!.nextLink, `${graph.url}/v1.0/me/mailFolders/f/messages/delta?$skiptoken=s1`);
    assert.equal(pages[1]!.nextLink, `${graph.url}/v1.0/me/mailFolders/f/messages/delta?$skiptoken=s2`);
    assert.equal(pages[2]!.deltaLink, `${graph.url}/v1.0/me/mailFolders/f/messages/delta?$deltatoken=d1`);
    assert.deepEqual(pages.map((p) => p.items.length), [1, 0, 1]);
  });

  test('a protocol-relative link to another host is still refused, with no token sent there', async () => {
    graph.answer((_req, res) => json(res, 200, { value: [], '@odata.nextLink': '//evil.example.com/v1.0/me/messages?$skiptoken=x' }));
    const { client } = makeClient();
    await assert.rejects(collect(client.pages('a1', '/me/messages')), (e) => isMicrosoftError(e, 'fatal'));
    assert.equal(graph.requests.length, 1);
  });

  test('a 200 that is not a JSON collection (a gateway HTML page) throws instead of ending the listing empty', async () => {
    let n = 0;
    graph.answer((_req, res) => {
      n++;
      if (n === 1) return json(res, 200, { value: [{ id: 'f1' }], '@odata.nextLink': `${graph.url}/v1.0/me/mailFolders?$skiptoken=2` });
      return send(res, 200, '<html><body>Service temporarily unavailable</body></html>', { 'content-type': 'text/html' });
    });
    const { client } = makeClient();
    const got: unknown[] = [];
    await assert.rejects(async () => {
      for await (const p of client.pages('a1', '/me/mailFolders')) got.push(p);
    }, (e) => isMicrosoftError(e, 'transient'));
    assert.equal(got.length, 1);
  });

  test('an empty 200 body, or a JSON object without value or links, is not an empty last page', async () => {
    const { client } = makeClient();
    graph.answer((_req, res) => send(res, 200, ''));
    await assert.rejects(collect(client.pages('a1', '/me/mailFolders')), (e) => isMicrosoftError(e, 'transient'));
    graph.answer((_req, res) => json(res, 200, { error: 'nope' }));
    await assert.rejects(collect(client.pages('a1', '/me/mailFolders')), (e) => isMicrosoftError(e, 'transient'));
  });

  test('JSON labelled text/plain or unlabelled is read as JSON; a last page may leave out an empty value', async () => {
    let n = 0;
    graph.answer((_req, res) => {
      n++;
      if (n === 1) return send(res, 200, JSON.stringify({ value: [{ id: 'x' }], '@odata.nextLink': `${graph.url}/v1.0/me/x?$skiptoken=2` }), { 'content-type': 'text/plain; charset=utf-8' });
      return send(res, 200, JSON.stringify({ '@odata.deltaLink': `${graph.url}/v1.0/me/x?$deltatoken=3` }));
    });
    const { client } = makeClient();
    const pages = await collect(client.pages<{ id: string }>('a1', '/me/x'));
    assert.deepEqual(pages.map((p) => p.items.map((i) => i.id)), [['x'], []]);
    assert.equal(pages[1]!.deltaLink, `${graph.url}/v1.0/me/x?$deltatoken=3`);
  });

  test('a page carrying both links ends the round at the deltaLink', async () => {
    graph.answer((_req, res) => json(res, 200, { value: [], '@odata.nextLink': `${graph.url}/v1.0/me/x?$skiptoken=2`, '@odata.deltaLink': `${graph.url}/v1.0/me/x?$deltatoken=3` }));
    const { client } = makeClient();
    const pages = await collect(client.pages('a1', '/me/x'));
    assert.equal(pages.length, 1);
    assert.equal(graph.requests.length, 1);
    assert.ok(pages[0]!.deltaLink);
  });
});

describe('GraphClient error shapes from real Graph and gateways', () => {
  test('an HTML 502 and an empty 504 on a read are transient and retried', async () => {
    let n = 0;
    graph.answer((_req, res) => {
      n++;
      if (n === 1) return send(res, 502, '<html><h1>502 Bad Gateway</h1></html>', { 'content-type': 'text/html' });
      if (n === 2) return send(res, 504, '');
      return json(res, 200, { id: 'me' });
    });
    const { client, sleeps } = makeClient();
    assert.deepEqual(await client.get('a1', '/me'), { id: 'me' });
    assert.equal(sleeps.length, 2);
  });

  test("Graph's own casing SyncStateNotFound with 404, and 410 with a Location, are deltaExpired", async () => {
    const { client } = makeClient();
    graph.answer((_req, res) => json(res, 404, { error: { code: 'SyncStateNotFound', message: 'The sync state generation is not found', innerError: { 'request-id': 'r' } } }));
    await assert.rejects(client.get('a1', '/me/x/delta'), (e) => isMicrosoftError(e, 'deltaExpired') && e.code === 'SyncStateNotFound');
    graph.answer((_req, res) => send(res, 410, '', { location: `${graph.url}/v1.0/me/x/delta` }));
    await assert.rejects(client.get('a1', '/me/x/delta'), (e) => isMicrosoftError(e, 'deltaExpired') && e.status === 410);
  });

  test('a 503 with a Retry-After HTTP date is throttled and waits until that date', async () => {
    let n = 0;
    graph.answer((_req, res) => {
      n++;
      if (n === 1) return send(res, 503, 'busy', { 'retry-after': new Date(Date.now() + 30_000).toUTCString(), 'content-type': 'text/plain' });
      return json(res, 200, { ok: true });
    });
    const { client, sleeps } = makeClient();
    await client.request('a1', { method: 'POST', path: '/me/sendMail', body: {} });
    assert.equal(sleeps.length, 1);
    assert.ok(sleeps[0]! > 25_000 && sleeps[0]! <= 30_000, String(sleeps[0]));
  });
});

describe('Graph error codes nested in innerError', () => {
  // Graph: the innerError may hold a more specific code; use the most detailed one understood.
  const cases: Array<[number, unknown, string]> = [
    [400, { error: { code: 'invalidRequest', message: 'm', innerError: { code: 'resyncRequired' } } }, 'deltaExpired'],
    [400, { error: { code: 'invalidRequest', innererror: { code: 'x', innererror: { code: 'syncStateNotFound' } } } }, 'deltaExpired'],
    [400, JSON.stringify({ error: { code: 'generalException', innerError: { code: 'itemNotFound', date: '2024-01-01T00:00:00' } } }), 'notFound'],
    [400, { error: { code: 'invalidRequest', innerError: { 'request-id': 'r', date: 'd' } } }, 'invalidRequest'],
    [409, { error: { code: 'resourceModified', innerError: { code: 'resourceModified' } } }, 'conflict'],
  ];
  for (const [status, body, kind] of cases) {
    test(`${status} ${JSON.stringify(body).slice(0, 80)} → ${kind}`, () => {
      const e = classifyGraphResponse(status, body, new Headers());
      assert.equal(e.kind, kind);
      assert.ok(e.code, 'the outer code is kept for logs');
    });
  }
});
