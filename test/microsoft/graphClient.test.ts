import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { pino } from 'pino';
import { GraphClient } from '../../src/microsoft/graph/client.js';
import { isMicrosoftError } from '../../src/microsoft/graph/errors.js';
import { json, send, startFakeGraph, type FakeGraph } from '../helpers/fakeGraph.js';

let graph: FakeGraph;

before(async () => {
  graph = await startFakeGraph();
});
after(() => graph.close());
beforeEach(() => graph.reset());

function makeClient(extra: Partial<ConstructorParameters<typeof GraphClient>[0]> = {}) {
  const sleeps: number[] = [];
  const tokenCalls: boolean[] = [];
  const client = new GraphClient({
    graphUrl: graph.url,
    fetch: globalThis.fetch,
    accessToken: async (_id, { forceRefresh }) => {
      tokenCalls.push(forceRefresh);
      return forceRefresh ? 'fresh-token' : 'old-token';
    },
    log: pino({ level: 'silent' }),
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    ...extra,
  });
  return { client, sleeps, tokenCalls };
}

describe('GraphClient', () => {
  test('sends bearer, immutable ids merged with other Prefer values, client-request-id and JSON', async () => {
    graph.answer((_req, res) => json(res, 201, { id: 'x' }));
    const { client } = makeClient();
    const res = await client.request<{ id: string }>('a1', { method: 'POST', path: '/me/messages', body: { subject: 'hi' }, headers: { Prefer: 'odata.maxpagesize=50, IdType="RestId"' } });
    assert.equal(res.status, 201);
    assert.equal(res.body.id, 'x');
    const h = graph.requests[0]!.headers;
    assert.equal(graph.requests[0]!.url, '/v1.0/me/messages');
    assert.equal(h.authorization, 'Bearer old-token');
    assert.equal(h.prefer, 'IdType="ImmutableId", odata.maxpagesize=50');
    assert.match(String(h['client-request-id']), /^[0-9a-f-]{36}$/);
    assert.equal(h['content-type'], 'application/json');
    assert.deepEqual(JSON.parse(graph.requests[0]!.body), { subject: 'hi' });
  });

  test('GET without caller Prefer still asks for immutable ids', async () => {
    graph.answer((_req, res) => json(res, 200, { value: [] }));
    const { client } = makeClient();
    await client.get('a1', '/me/mailFolders');
    assert.equal(graph.requests[0]!.headers.prefer, 'IdType="ImmutableId"');
  });

  test('never more than 4 in flight per account under 20 parallel calls; other accounts are not blocked', async () => {
    // Each request is held until `target` are in flight at once (or a deadline passes), so the
    // peak reflects what the client allows rather than how fast this machine is.
    let target = 4;
    let inFlight = 0;
    let peakInFlight = 0;
    graph.answer(async (_req, res) => {
      inFlight++;
      peakInFlight = Math.max(peakInFlight, inFlight);
      try {
        const deadline = Date.now() + 2000;
        while (inFlight < target && Date.now() < deadline) await new Promise((r) => setTimeout(r, 2));
        await new Promise((r) => setTimeout(r, 5));
        json(res, 200, { ok: true });
      } finally {
        inFlight--;
      }
    });
    const { client } = makeClient();
    // Half as absolute nextLink-style URLs: they share the same per-account limit.
    await Promise.all(Array.from({ length: 20 }, (_, i) => client.get('a1', i % 2 ? `${graph.url}/v1.0/me/messages?$skiptoken=${i}` : `/me/messages/${i}`)));
    assert.equal(graph.requests.length, 20);
    assert.equal(peakInFlight, 4);
    assert.equal(client.stats().peakConcurrency, 4);
    assert.equal(client.stats().byAccount.get('a1'), 20);

    peakInFlight = 0;
    target = 8;
    await Promise.all([...Array.from({ length: 8 }, () => client.get('a1', '/me')), ...Array.from({ length: 8 }, () => client.get('a2', '/me'))]);
    assert.equal(peakInFlight, 8, 'two accounts run 4 each at once');
  });

  test('429 honours Retry-After in seconds and as an HTTP date', async () => {
    let n = 0;
    graph.answer((_req, res) => {
      n++;
      if (n === 1) return json(res, 429, { error: { code: 'TooManyRequests' } }, { 'retry-after': '7' });
      if (n === 2) return json(res, 429, { error: { code: 'TooManyRequests' } }, { 'retry-after': new Date(Date.now() + 60_000).toUTCString() });
      return json(res, 200, { ok: 1 });
    });
    const { client, sleeps } = makeClient();
    assert.deepEqual(await client.get('a1', '/me'), { ok: 1 });
    assert.equal(sleeps[0], 7000);
    assert.ok(sleeps[1]! > 55_000 && sleeps[1]! <= 60_000, String(sleeps[1]));
    assert.equal(client.stats().throttled, 2);
  });

  test('a read is retried on 503 and on 500, with backoff when no Retry-After', async () => {
    let n = 0;
    graph.answer((_req, res) => {
      n++;
      if (n === 1) return json(res, 503, { error: { code: 'ServiceUnavailable' } });
      if (n === 2) return json(res, 500, { error: { code: 'InternalServerError' } });
      return json(res, 200, { ok: 1 });
    });
    const { client, sleeps } = makeClient();
    assert.deepEqual(await client.get('a1', '/me'), { ok: 1 });
    assert.equal(sleeps.length, 2);
    assert.ok(sleeps.every((s) => s > 0));
  });

  test('a write is not retried on 500 or on 503 without Retry-After', async () => {
    for (const status of [500, 503]) {
      graph.reset();
      graph.answer((_req, res) => json(res, status, { error: { code: 'x' } }));
      const { client, sleeps } = makeClient();
      await assert.rejects(client.request('a1', { method: 'POST', path: '/me/sendMail', body: {} }), (e) => isMicrosoftError(e, 'transient'));
      assert.equal(graph.requests.length, 1);
      assert.equal(sleeps.length, 0);
    }
  });

  test('a write is retried on 429 and on 503 with Retry-After', async () => {
    let n = 0;
    graph.answer((_req, res) => {
      n++;
      if (n === 1) return json(res, 429, {}, { 'retry-after': '2' });
      if (n === 2) return json(res, 503, {}, { 'retry-after': '1' });
      send(res, 202, '');
    });
    const { client, sleeps } = makeClient();
    const res = await client.request('a1', { method: 'POST', path: '/me/sendMail', body: {} });
    assert.equal(res.status, 202);
    assert.equal(res.body, undefined);
    assert.deepEqual(sleeps, [2000, 1000]);
  });

  test('retries stop at maxAttempts and the error says throttled', async () => {
    graph.answer((_req, res) => json(res, 429, {}, { 'retry-after': '1' }));
    const { client } = makeClient({ maxAttempts: 3 });
    await assert.rejects(client.get('a1', '/me'), (e) => isMicrosoftError(e, 'throttled') && e.retryAfterMs === 1000);
    assert.equal(graph.requests.length, 3);
  });

  test('401 forces exactly one token refresh, then succeeds', async () => {
    graph.answer((req, res) =>
      req.headers.authorization === 'Bearer fresh-token' ? json(res, 200, { ok: 1 }) : json(res, 401, { error: { code: 'InvalidAuthenticationToken' } }));
    const { client, tokenCalls } = makeClient();
    assert.deepEqual(await client.get('a1', '/me'), { ok: 1 });
    assert.deepEqual(tokenCalls, [false, true]);
  });

  test('a second 401 after the refresh is reauthRequired', async () => {
    graph.answer((_req, res) => json(res, 401, { error: { code: 'InvalidAuthenticationToken' } }));
    const { client, tokenCalls } = makeClient();
    await assert.rejects(client.request('a1', { method: 'PATCH', path: '/me/messages/1', body: { isRead: true } }), (e) => isMicrosoftError(e, 'reauthRequired'));
    assert.deepEqual(tokenCalls, [false, true]);
    assert.equal(graph.requests.length, 2);
  });

  test('a token provider failure surfaces classified', async () => {
    const { client } = makeClient({ accessToken: async () => Promise.reject(Object.assign(new Error('x'), { errorCode: 'invalid_grant', errorMessage: 'AADSTS50173: revoked' })) });
    await assert.rejects(client.get('a1', '/me'), (e) => isMicrosoftError(e, 'reauthRequired') && e.aadsts === 50173);
    assert.equal(graph.requests.length, 0);
  });

  test('errors are classified end to end', async () => {
    const { client } = makeClient();
    const cases: Array<[number, string, string]> = [
      [410, 'Gone', 'deltaExpired'],
      [400, 'syncStateNotFound', 'deltaExpired'],
      [404, 'ErrorItemNotFound', 'notFound'],
      [412, 'ErrorIrresolvableConflict', 'conflict'],
      [403, 'ErrorAccessDenied', 'forbidden'],
      [400, 'BadRequest', 'invalidRequest'],
      [405, 'MethodNotAllowed', 'fatal'],
    ];
    for (const [status, code, kind] of cases) {
      graph.answer((_req, res) => json(res, status, { error: { code, message: 'secret-free' } }));
      await assert.rejects(client.request('a1', { method: 'DELETE', path: '/me/x' }), (e) => isMicrosoftError(e) && e.kind === kind && e.code === code && e.status === status);
    }
  });

  test('a 400 is answered once, not retried, on reads and writes alike', async () => {
    const { client, sleeps } = makeClient();
    graph.answer((_req, res) => json(res, 400, { error: { code: 'ErrorInvalidRequest', message: 'm' } }));
    await assert.rejects(client.get('a1', '/me/messages'), (e) => isMicrosoftError(e, 'invalidRequest'));
    await assert.rejects(client.request('a1', { method: 'POST', path: '/me/sendMail', body: {} }), (e) => isMicrosoftError(e, 'invalidRequest'));
    assert.equal(graph.requests.length, 2);
    assert.deepEqual(sleeps, []);
  });

  test('network failure on a read is retried then transient', async () => {
    const { client, sleeps } = makeClient({ graphUrl: 'http://127.0.0.1:1', maxAttempts: 2 });
    await assert.rejects(client.get('a1', '/me'), (e) => isMicrosoftError(e, 'transient'));
    assert.equal(sleeps.length, 1);
  });

  test('pages follows nextLink to the deltaLink, yielding each page, with the caller Prefer header on every page', async () => {
    graph.answer((req, res) => {
      const u = new URL(req.url!, graph.url);
      const page = Number(u.searchParams.get('page') ?? '0');
      if (page < 2) return json(res, 200, { value: page === 1 ? [] : [{ id: 'm0' }], '@odata.nextLink': `${graph.url}/v1.0/me/mailFolders/f/messages/delta?page=${page + 1}` });
      return json(res, 200, { value: [{ id: 'm2' }], '@odata.deltaLink': `${graph.url}/v1.0/me/mailFolders/f/messages/delta?deltatoken=abc` });
    });
    const { client } = makeClient();
    const pages = [];
    for await (const p of client.pages<{ id: string }>('a1', '/me/mailFolders/f/messages/delta', { Prefer: 'odata.maxpagesize=2' })) pages.push(p);
    assert.equal(pages.length, 3);
    assert.deepEqual(pages.map((p) => p.items.map((i) => i.id)), [['m0'], [], ['m2']]);
    assert.ok(pages[0]!.nextLink && !pages[0]!.deltaLink);
    assert.equal(pages[2]!.deltaLink, `${graph.url}/v1.0/me/mailFolders/f/messages/delta?deltatoken=abc`);
    assert.ok(graph.requests.every((s) => s.headers.prefer === 'IdType="ImmutableId", odata.maxpagesize=2'));
  });

  test('a throttled page is retried; an unreadable page throws instead of ending the round', async () => {
    let n = 0;
    graph.answer((_req, res) => {
      n++;
      if (n === 1) return json(res, 200, { value: [{ id: 1 }], '@odata.nextLink': `${graph.url}/v1.0/next` });
      if (n === 2) return json(res, 429, {}, { 'retry-after': '1' });
      return json(res, 500, {});
    });
    const { client, sleeps } = makeClient({ maxAttempts: 3 });
    const got: unknown[] = [];
    await assert.rejects(async () => {
      for await (const p of client.pages('a1', '/me/x/delta')) got.push(p);
    }, (e) => isMicrosoftError(e, 'transient'));
    assert.equal(got.length, 1);
    assert.equal(sleeps[0], 1000);
    assert.equal(graph.requests.length, 4);
  });

  test('a nextLink on another host is refused and no token is sent there', async () => {
    graph.answer((_req, res) => json(res, 200, { value: [], '@odata.nextLink': 'https://evil.example.com/v1.0/me/messages?skip=1' }));
    const { client } = makeClient();
    await assert.rejects(async () => {
      for await (const _p of client.pages('a1', '/me/messages')) void _p;
    }, (e) => isMicrosoftError(e, 'fatal'));
    await assert.rejects(client.get('a1', 'https://evil.example.com/v1.0/me'), /refusing/);
    assert.equal(graph.requests.length, 1);
  });

  test('batch splits by 20, keeps order and retries only the items answered 429', async () => {
    const calls: number[] = [];
    let throttledOnce = false;
    graph.answer((_req, res, body) => {
      const { requests } = JSON.parse(body) as { requests: Array<{ id: string; url: string; headers: Record<string, string> }> };
      calls.push(requests.length);
      assert.ok(requests.length <= 20);
      assert.ok(requests.every((r) => r.headers.prefer === 'IdType="ImmutableId"'));
      const responses = requests.map((r) => {
        if (r.id === '3' && !throttledOnce) {
          throttledOnce = true;
          return { id: r.id, status: 429, headers: { 'Retry-After': '4' }, body: { error: { code: 'TooManyRequests' } } };
        }
        if (r.id === '5') return { id: r.id, status: 404, body: { error: { code: 'ErrorItemNotFound' } } };
        return { id: r.id, status: 200, body: { url: r.url } };
      });
      json(res, 200, { responses: responses.reverse() });
    });
    const { client, sleeps } = makeClient();
    const items = Array.from({ length: 25 }, (_, i) => ({ method: 'GET' as const, url: `/me/messages/${i}` }));
    const results = await client.batch('a1', items);
    assert.deepEqual(calls, [20, 1, 5]);
    assert.deepEqual(sleeps, [4000]);
    assert.equal(results.length, 25);
    results.forEach((r, i) => assert.equal(r.id, String(i)));
    assert.deepEqual(results[3]!.body, { url: '/me/messages/3' });
    assert.equal(results[5]!.error?.kind, 'notFound');
    assert.equal(results[7]!.error, undefined);
    assert.equal(graph.requests[0]!.url, '/v1.0/$batch');
  });
});
