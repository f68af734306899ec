import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { FailureLimiter } from '../../src/http/rateLimit.js';
import { DB_KINDS } from '../helpers/db.js';
import { ApiClient, startTestServer, type TestServer } from '../helpers/server.js';

for (const kind of DB_KINDS) {
  describe(`accounts, sessions, CSRF and API tokens (${kind})`, () => {
    let server: TestServer;
    before(async () => {
      server = await startTestServer({ kind, signinLimiter: new FailureLimiter(3, 60_000) });
    });
    after(async () => {
      await server.close();
    });

    test('signup creates a user, a personal workspace they own, and a session', async () => {
      const client = new ApiClient(server.url);
      const res = await client.signup({ email: 'Ada@Example.test', name: 'Ada' });
      assert.equal(res.body.user.email, 'ada@example.test');
      assert.equal(typeof res.body.csrfToken, 'string');
      const cookie = res.headers.getSetCookie().find((c) => c.startsWith('tandem_session='));
      assert.ok(cookie);
      assert.match(cookie, /HttpOnly/i);
      assert.match(cookie, /SameSite=Lax/i);
      assert.doesNotMatch(cookie, /Secure/i);
      const session = await client.request('GET', '/api/session');
      assert.equal(session.status, 200);
      assert.equal(session.body.user.id, res.body.user.id);
      assert.deepEqual(session.body.workspaces, [{ id: res.body.workspace.id, name: res.body.workspace.name, role: 'owner' }]);
      assert.equal(session.body.csrfToken, res.body.csrfToken);
      const stored = await server.database.db.selectFrom('sessions').selectAll().execute();
      assert.ok(stored.length >= 1);
      assert.ok(stored.every((s) => s.id !== client.cookie), 'session ids are stored hashed');
    });

    test('duplicate email is 409; short password is 400 naming the field', async () => {
      const a = new ApiClient(server.url);
      await a.signup({ email: 'dup@example.test' });
      const again = await new ApiClient(server.url).request('POST', '/api/auth/signup', { email: 'DUP@example.test', password: 'long enough pw', name: 'X' });
      assert.equal(again.status, 409);
      assert.equal(again.body.error.code, 'conflict');
      const short = await new ApiClient(server.url).request('POST', '/api/auth/signup', { email: 'short@example.test', password: 'short', name: 'X' });
      assert.equal(short.status, 400);
      assert.equal(short.body.error.code, 'validation_failed');
      assert.match(short.body.error.message, /password/);
    });

    test('signin works; wrong password and unknown email give the same 401; signout ends the session', async () => {
      const first = new ApiClient(server.url);
      await first.signup({ email: 'grace@example.test', password: 'the right password' });
      const wrong = await new ApiClient(server.url).signin('grace@example.test', 'the wrong password');
      const unknown = await new ApiClient(server.url).signin('nobody@example.test', 'the right password');
      assert.equal(wrong.status, 401);
      assert.equal(unknown.status, 401);
      assert.deepEqual(wrong.body, unknown.body);
      assert.match(wrong.body.error.message, /^Email or password is incorrect: check them and try again\.$/);
      const second = new ApiClient(server.url);
      const ok = await second.signin('GRACE@example.test', 'the right password');
      assert.equal(ok.status, 200);
      assert.equal(ok.body.workspace.id, first.workspaceId);
      assert.equal((await second.request('GET', '/api/session')).status, 200);
      const out = await second.request('POST', '/api/auth/signout');
      assert.equal(out.status, 204);
      assert.equal(second.cookie, undefined);
      const stale = new ApiClient(server.url);
      stale.cookie = (await new ApiClient(server.url).signin('grace@example.test', 'the right password')).headers.getSetCookie()[0]!.split(';')[0]!.split('=')[1];
      await stale.request('POST', '/api/auth/signout');
      assert.equal((await stale.request('GET', '/api/session')).status, 401, 'no session after signout');
      assert.equal((await first.request('GET', '/api/session')).status, 200, 'other sessions survive');
    });

    test('repeated failed sign-ins for one email are rate limited with 429', async () => {
      await new ApiClient(server.url).signup({ email: 'limited@example.test', password: 'the right password' });
      const c = new ApiClient(server.url);
      for (let i = 0; i < 3; i++) assert.equal((await c.signin('limited@example.test', 'nope nope nope')).status, 401);
      const blocked = await c.signin('limited@example.test', 'the right password');
      assert.equal(blocked.status, 429);
      assert.equal(blocked.body.error.code, 'rate_limited');
    });

    test('no session → 401 with the error shape', async () => {
      const res = await new ApiClient(server.url).request('GET', '/api/people');
      assert.equal(res.status, 401);
      assert.equal(res.body.error.code, 'unauthorized');
    });

    test('cookie-authenticated writes need the CSRF header', async () => {
      const c = new ApiClient(server.url);
      await c.signup();
      const missing = await c.request('POST', '/api/people', { name: 'No Csrf' }, { csrf: false });
      assert.equal(missing.status, 403);
      assert.equal(missing.body.error.code, 'csrf_failed');
      const wrong = await c.request('POST', '/api/people', { name: 'Wrong Csrf' }, { csrf: false, headers: { 'x-csrf-token': 'forged' } });
      assert.equal(wrong.status, 403);
      const ok = await c.request('POST', '/api/people', { name: 'With Csrf' });
      assert.equal(ok.status, 201);
      const list = await c.request('GET', '/api/people', undefined, { csrf: false });
      assert.deepEqual(list.body.items.map((p: { name: string }) => p.name), ['With Csrf']);
    });

    test('API tokens: work without CSRF, stored hashed, listed without the secret, revocable', async () => {
      const c = new ApiClient(server.url);
      await c.signup();
      const created = await c.request('POST', '/api/tokens', { name: 'script' });
      assert.equal(created.status, 201);
      const token: string = created.body.token;
      assert.match(token, /^tdm_[A-Za-z0-9_-]{20,}$/);
      const bot = c.withToken(token);
      const person = await bot.request('POST', '/api/people', { name: 'Via Token' });
      assert.equal(person.status, 201);
      const rows = await server.database.db.selectFrom('api_tokens').selectAll().execute();
      const dump = JSON.stringify(rows);
      assert.ok(!dump.includes(token) && !dump.includes(token.slice(4)), 'the raw token is not in the database');
      const all = await sql<{ t: string }>`select token_hash as t from api_tokens`.execute(server.database.db);
      assert.ok(all.rows.every((r) => r.t !== token));
      const listed = await c.request('GET', '/api/tokens');
      const mine = listed.body.items.find((t: { id: string }) => t.id === created.body.id);
      assert.equal(mine.workspaceId, c.workspaceId);
      assert.ok(mine.lastUsedAt, 'lastUsedAt is set after use');
      assert.equal(mine.token, undefined);
      assert.equal((await c.request('DELETE', `/api/tokens/${created.body.id}`)).status, 204);
      const revoked = await bot.request('GET', '/api/people');
      assert.equal(revoked.status, 401);
      assert.equal((await new ApiClient(server.url, 'tdm_madeup').request('GET', '/api/people')).status, 401);
    });

    test('switching workspace: only to one the user belongs to', async () => {
      const c = new ApiClient(server.url);
      await c.signup();
      const other = await c.request('POST', '/api/workspaces', { name: 'Second' });
      assert.equal(other.status, 201);
      assert.equal(other.body.role, 'owner');
      const switched = await c.request('POST', '/api/session/workspace', { workspaceId: other.body.id });
      assert.equal(switched.status, 200);
      assert.equal(switched.body.workspace.id, other.body.id);
      const stranger = new ApiClient(server.url);
      await stranger.signup();
      const denied = await stranger.request('POST', '/api/session/workspace', { workspaceId: other.body.id });
      assert.equal(denied.status, 404);
    });
  });
}

describe('session cookie behind https', () => {
  test('the cookie is Secure when PUBLIC_URL is https', async () => {
    const server = await startTestServer({ kind: 'sqlite', configOverrides: { publicUrl: 'https://crm.example.test' } });
    try {
      const client = new ApiClient(server.url);
      const res = await client.signup();
      const cookie = res.headers.getSetCookie().find((c) => c.startsWith('tandem_session='));
      assert.match(cookie ?? '', /; Secure/i);
      assert.equal((await client.request('GET', '/api/session?x=1')).status, 400, 'unknown query parameters are rejected');
    } finally {
      await server.close();
    }
  });
});
