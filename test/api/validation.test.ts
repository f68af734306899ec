import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DB_KINDS } from '../helpers/db.js';
import { ApiClient, startTestServer, type TestServer } from '../helpers/server.js';

/** Bad input anywhere gets a clear 4xx in the one error shape, never a 500. */
for (const kind of DB_KINDS) {
  describe(`bad input (${kind})`, () => {
    let server: TestServer;
    let c: ApiClient;
    before(async () => {
      server = await startTestServer({ kind });
      c = new ApiClient(server.url);
      await c.signup();
    });
    after(async () => {
      await server.close();
    });

    function assertError(res: { status: number; body: { error?: { code?: string; message?: string } } }, status: number, code: string, mentions?: RegExp): void {
      assert.equal(res.status, status, JSON.stringify(res.body));
      assert.equal(res.body.error?.code, code);
      assert.equal(typeof res.body.error?.message, 'string');
      assert.match(res.body.error!.message!, /^[A-Z"]/, 'a sentence: it starts with a capital letter');
      if (mentions) assert.match(res.body.error!.message!, mentions);
    }

    test('the NUL character is refused with 400 everywhere (PostgreSQL cannot store it)', async () => {
      const anonymous = new ApiClient(server.url);
      assertError(await anonymous.request('POST', '/api/auth/signup', { email: 'nul@example.test', password: 'long enough pw', name: 'E\u0000' }), 400, 'validation_failed', /body\.name.*NUL/);
      assertError(await anonymous.request('POST', '/api/auth/signin', { email: 'a\u0000@example.test', password: 'long enough pw' }), 400, 'validation_failed', /NUL/);
      assertError(await c.request('POST', '/api/people', { name: 'x', emails: ['a@b.test'], notes: 'a\u0000b' }), 400, 'validation_failed', /body\.notes/);
      assertError(await c.request('POST', '/api/tasks', { title: 'x\u0000' }), 400, 'validation_failed', /body\.title/);
      assertError(await c.request('GET', '/api/people?q=a%00b'), 400, 'validation_failed', /query\.q/);
      const nulCursor = Buffer.from(JSON.stringify(['a\u0000', 'b'])).toString('base64url');
      assertError(await c.request('GET', `/api/people?cursor=${nulCursor}`), 400, 'validation_failed', /cursor/);
      assert.equal((await c.request('POST', '/api/people', { name: 'Zoë \u00e9 \ud83d\ude00' })).status, 201, 'other Unicode is fine');
    });

    test('malformed JSON is 400', async () => {
      assertError(await c.request('POST', '/api/people', undefined, { rawBody: '{"name": "x",' }), 400, 'bad_request');
      assertError(await c.request('POST', '/api/auth/signin', undefined, { rawBody: 'nope' }), 400, 'bad_request');
      assertError(await c.request('POST', '/api/people', undefined, { rawBody: '', headers: { 'content-type': 'application/json' } }), 400, 'bad_request');
    });

    test('unknown fields, wrong types, missing fields and bad formats are 400 naming the field', async () => {
      assertError(await c.request('POST', '/api/people', { name: 'x', nickname: 'y' }), 400, 'validation_failed', /nickname/);
      assertError(await c.request('POST', '/api/people', { name: 42 }), 400, 'validation_failed', /name/);
      assertError(await c.request('POST', '/api/people', { emails: ['a@b.test'] }), 400, 'validation_failed', /name/);
      assertError(await c.request('POST', '/api/people', { name: 'x', emails: ['not-an-email'] }), 400, 'validation_failed', /emails/);
      assertError(await c.request('POST', '/api/people', { name: 'x', emails: 'a@b.test' }), 400, 'validation_failed', /emails/);
      assertError(await c.request('POST', '/api/people', ['name']), 400, 'validation_failed');
      assertError(await c.request('POST', '/api/people', { name: '   ' }), 400, 'validation_failed', /name/);
      assertError(await c.request('POST', '/api/tasks', { title: 'x', dueDate: 'tomorrow' }), 400, 'validation_failed', /dueDate/);
      assertError(await c.request('POST', '/api/auth/signup', { email: 'bad', password: 'long enough pw', name: 'x' }), 400, 'validation_failed', /email/);
      assertError(await c.request('POST', '/api/tokens', {}), 400, 'validation_failed', /name/);
      assertError(await c.request('POST', '/api/session/workspace', { workspaceId: 7 }), 400, 'validation_failed', /workspaceId/);
    });

    test('bad ids in the path are 400; well-formed unknown ids are 404', async () => {
      assertError(await c.request('GET', '/api/people/bad%20id!'), 400, 'validation_failed', /id/);
      assertError(await c.request('GET', `/api/tasks/${'x'.repeat(65)}`), 400, 'validation_failed', /id/);
      assertError(await c.request('GET', '/api/people/doesnotexist'), 404, 'not_found');
      assertError(await c.request('PATCH', '/api/companies/doesnotexist', { name: 'x' }), 404, 'not_found');
    });

    test('bad query strings are 400: limit, cursor, enum, unknown parameter', async () => {
      assertError(await c.request('GET', '/api/people?limit=0'), 400, 'validation_failed', /limit/);
      assertError(await c.request('GET', '/api/people?limit=201'), 400, 'validation_failed', /limit/);
      assertError(await c.request('GET', '/api/people?limit=abc'), 400, 'validation_failed', /limit/);
      assertError(await c.request('GET', '/api/people?cursor=garbage'), 400, 'validation_failed', /cursor/);
      assertError(await c.request('GET', '/api/tasks?status=someday'), 400, 'validation_failed', /status/);
      assertError(await c.request('GET', '/api/people?sort=name'), 400, 'validation_failed', /sort/);
      assertError(await c.request('GET', '/api/people?limit=1&limit=2'), 400, 'validation_failed', /limit/);
    });

    test('wrong content type is 415, oversized body is 413, unknown routes are 404', async () => {
      assertError(await c.request('POST', '/api/people', undefined, { rawBody: 'name=x', headers: { 'content-type': 'text/plain' } }), 415, 'unsupported_media_type');
      const huge = JSON.stringify({ name: 'x', notes: 'n'.repeat(2 * 1024 * 1024) });
      assertError(await c.request('POST', '/api/people', undefined, { rawBody: huge }), 413, 'payload_too_large');
      assertError(await c.request('GET', '/api/nothing-here'), 404, 'not_found', /nothing-here/);
      assertError(await c.request('DELETE', '/api/people'), 404, 'not_found');
      assertError(await new ApiClient(server.url).request('GET', '/nowhere'), 404, 'not_found');
      // The OpenAPI document says so for every route that takes a JSON body.
      const doc = (await (await fetch(`${server.url}/api/openapi.json`)).json()) as { paths: Record<string, Record<string, { requestBody?: unknown; responses?: Record<string, unknown> }>> };
      const withBody = Object.entries(doc.paths).flatMap(([path, ops]) => Object.entries(ops).filter(([, op]) => op.requestBody).map(([method, op]) => ({ route: `${method.toUpperCase()} ${path}`, op })));
      assert.ok(withBody.some((o) => o.route === 'POST /api/people'));
      for (const { route, op } of withBody) {
        for (const status of ['413', '415']) assert.ok(op.responses?.[status], `${route} documents ${status}`);
      }
      // A signed-in write without the CSRF header is 403, and every signed-in write documents it.
      assertError(await c.request('POST', '/api/people', { name: 'x' }, { csrf: false }), 403, 'csrf_failed', /X-CSRF-Token/);
      for (const [path, ops] of Object.entries(doc.paths)) {
        if (/^\/api\/(auth|public)\//.test(path)) continue;
        for (const [method, op] of Object.entries(ops)) {
          if (['post', 'put', 'patch', 'delete'].includes(method)) assert.ok(op.responses?.['403'], `${method.toUpperCase()} ${path} documents 403`);
        }
      }
    });
  });
}
