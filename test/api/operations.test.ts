import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { DB_KINDS } from '../helpers/db.js';
import { ApiClient, startTestServer, type TestServer } from '../helpers/server.js';

for (const kind of DB_KINDS) {
  describe(`operability (${kind})`, () => {
    let server: TestServer;
    let webRoot: string;
    before(async () => {
      webRoot = mkdtempSync(join(tmpdir(), 'tandem-web-'));
      writeFileSync(join(webRoot, 'index.html'), '<!doctype html><title>Tandem app</title>');
      writeFileSync(join(webRoot, 'app.js'), 'console.log("tandem")');
      server = await startTestServer({ kind, webRoot, configOverrides: { ms: { clientId: 'client-1', clientSecret: 's', tenant: 'common', loginUrl: 'https://l', graphUrl: 'https://g', caFile: undefined } } });
    });
    after(async () => {
      await server.close();
    });

    test('/healthz and /readyz answer 200 while the database is up', async () => {
      const health = await fetch(`${server.url}/healthz`);
      assert.equal(health.status, 200);
      assert.deepEqual(await health.json(), { ok: true });
      const ready = await fetch(`${server.url}/readyz`);
      assert.equal(ready.status, 200);
      assert.deepEqual(await ready.json(), { ok: true });
    });

    test('the OpenAPI document lists the routes; the docs page is served', async () => {
      const res = await fetch(`${server.url}/api/openapi.json`);
      assert.equal(res.status, 200);
      const doc = (await res.json()) as { openapi: string; paths: Record<string, Record<string, unknown>> };
      assert.match(doc.openapi, /^3\./);
      for (const [path, method] of [
        ['/api/auth/signup', 'post'], ['/api/session', 'get'], ['/api/people', 'get'], ['/api/people/{id}', 'patch'],
        ['/api/people/{id}/timeline', 'get'], ['/api/companies/{id}/notes', 'post'], ['/api/tasks', 'post'], ['/api/tokens/{id}', 'delete'],
        ['/api/workspaces/{id}/members', 'post'], ['/api/integrations', 'get'], ['/api/events', 'get'],
      ] as const) {
        assert.ok(doc.paths[path]?.[method], `${method.toUpperCase()} ${path} is documented`);
      }
      const docs = await fetch(`${server.url}/api/docs`);
      assert.equal(docs.status, 200);
      assert.match(docs.headers.get('content-type') ?? '', /html/);
      await docs.text();
    });

    test('integrations card data', async () => {
      const c = new ApiClient(server.url);
      await c.signup();
      const res = await c.request('GET', '/api/integrations');
      assert.equal(res.status, 200);
      assert.deepEqual(res.body, { microsoft: { status: 'not_connected', configured: true } });
      assert.equal((await new ApiClient(server.url).request('GET', '/api/integrations')).status, 401);
    });

    test('the web app is served with an SPA fallback; /api stays JSON', async () => {
      const root = await fetch(`${server.url}/`);
      assert.equal(root.status, 200);
      assert.match(await root.text(), /Tandem app/);
      const deep = await fetch(`${server.url}/people/abc123`);
      assert.equal(deep.status, 200);
      assert.match(await deep.text(), /Tandem app/);
      const asset = await fetch(`${server.url}/app.js`);
      assert.equal(asset.status, 200);
      assert.match(await asset.text(), /tandem/);
      const api = await fetch(`${server.url}/api/unknown`);
      assert.equal(api.status, 404);
      assert.equal(((await api.json()) as { error: { code: string } }).error.code, 'not_found');
    });
  });
}

describe('readiness', () => {
  test('/readyz is 503 when the database is gone, /healthz stays 200', async () => {
    const server = await startTestServer({ kind: 'postgres' });
    try {
      await server.database.close();
      const ready = await fetch(`${server.url}/readyz`);
      assert.equal(ready.status, 503);
      assert.equal(((await ready.json()) as { ok: boolean }).ok, false);
      assert.equal((await fetch(`${server.url}/healthz`)).status, 200);
    } finally {
      await server.app.close();
    }
  });
});
