import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, beforeEach, describe, test } from 'node:test';
import { pino } from 'pino';
import { SecretBox } from '../../src/lib/secretBox.js';
import { GraphClient } from '../../src/microsoft/graph/client.js';
import { isMicrosoftError } from '../../src/microsoft/graph/errors.js';
import { SubscriptionRegistry } from '../../src/microsoft/subscriptions/registry.js';
import { lifetimeMs, Subscriptions, type SubscriptionTarget } from '../../src/microsoft/subscriptions/subscriptions.js';

const MAIL: SubscriptionTarget = { kind: 'mail', resource: '/me/messages', changeType: 'created,updated,deleted', maxLifetimeMinutes: 4_230 };
const MAX_LIFETIME_MS = lifetimeMs(MAIL.maxLifetimeMinutes);
import { DB_KINDS, openTestDatabase } from '../helpers/db.js';
import { json, send, startFakeGraph, type FakeGraph } from '../helpers/fakeGraph.js';

/** Subscription answers a real Graph, or an OData server standing in for it, may give. */
let graphServer: FakeGraph;

before(async () => {
  graphServer = await startFakeGraph();
});
after(() => graphServer.close());
beforeEach(() => graphServer.reset());

for (const kind of DB_KINDS) {
  describe(`subscriptions against Graph's answers (${kind})`, () => {
    let database: Awaited<ReturnType<typeof openTestDatabase>>;
    let subs: Subscriptions;
    const box = new SecretBox(randomBytes(32));
    before(async () => {
      database = await openTestDatabase(kind);
      const graph = new GraphClient({ graphUrl: graphServer.url, fetch: globalThis.fetch, accessToken: async () => 't', log: pino({ level: 'silent' }), sleep: async () => undefined });
      subs = new Subscriptions({ db: database.db, graph, box, registry: new SubscriptionRegistry(database.db, box), publicUrl: () => 'https://crm.example' });
    });
    after(() => database.close());

    test('create stores the shortened expiry Graph returns (seven fractional digits), and an opaque id is path-encoded later', async () => {
      const granted = new Date(Date.now() + 45 * 60_000);
      const graphExpiry = `${granted.toISOString().slice(0, 19)}.1234567Z`;
      graphServer.answer((_req, res) => json(res, 201, { id: 'Ab/c+d=', expirationDateTime: graphExpiry, resource: '/me/messages', changeType: 'created,updated,deleted' }));
      const row = await subs.create('acct-1', MAIL);
      assert.equal(row.graph_id, 'Ab/c+d=');
      assert.equal(row.expires_at, `${granted.toISOString().slice(0, 19)}.123Z`);
      const sent = JSON.parse(graphServer.requests[0]!.body) as { expirationDateTime: string; clientState: string };
      assert.ok(Date.parse(sent.expirationDateTime) - Date.now() <= MAX_LIFETIME_MS);
      assert.ok(sent.clientState.length > 0 && sent.clientState.length <= 128);

      graphServer.answer((_req, res) => send(res, 204, ''));
      await subs.deleteRemote(row);
      assert.equal(graphServer.requests[1]!.url, '/v1.0/subscriptions/Ab%2Fc%2Bd%3D');
    });

    test('a renewal answered 204 with no body keeps the requested expiry instead of failing', async () => {
      graphServer.answer((_req, res) => json(res, 201, { id: 'sub-204', expirationDateTime: new Date(Date.now() + 60 * 60_000).toISOString() }));
      const row = await subs.create('acct-2', MAIL);
      graphServer.answer((_req, res) => send(res, 204, ''));
      const before = Date.now();
      assert.equal(await subs.renew(row, MAIL.maxLifetimeMinutes), 'renewed');
      const [after] = await subs.forAccount('acct-2');
      const requested = Date.parse((JSON.parse(graphServer.requests[1]!.body) as { expirationDateTime: string }).expirationDateTime);
      assert.equal(Date.parse(after!.expires_at!), requested);
      assert.ok(requested >= before + MAX_LIFETIME_MS - 5_000);
    });

    test('a renewal stores the shorter expiry the server granted', async () => {
      graphServer.answer((_req, res) => json(res, 201, { id: 'sub-short', expirationDateTime: new Date(Date.now() + 60 * 60_000).toISOString() }));
      const row = await subs.create('acct-3', MAIL);
      const granted = new Date(Date.now() + 90 * 60_000).toISOString();
      graphServer.answer((_req, res) => json(res, 200, { id: 'sub-short', expirationDateTime: granted }));
      assert.equal(await subs.renew(row, MAIL.maxLifetimeMinutes), 'renewed');
      const [after] = await subs.forAccount('acct-3');
      assert.equal(after!.expires_at, granted);
    });

    test('delete: 404 and 410 both mean already gone; a 500 is not swallowed', async () => {
      for (const [i, status] of [404, 410].entries()) {
        graphServer.answer((_req, res) => json(res, 201, { id: `sub-del-${i}`, expirationDateTime: new Date(Date.now() + 3_600_000).toISOString() }));
        const row = await subs.create(`acct-del-${i}`, MAIL);
        graphServer.answer((_req, res) => json(res, status, { error: { code: status === 404 ? 'ResourceNotFound' : 'Gone', message: 'x' } }));
        await subs.deleteRemote(row);
        assert.equal((await subs.forAccount(`acct-del-${i}`)).length, 0);
      }
      graphServer.answer((_req, res) => json(res, 201, { id: 'sub-del-500', expirationDateTime: new Date(Date.now() + 3_600_000).toISOString() }));
      const row = await subs.create('acct-del-500', MAIL);
      graphServer.answer((_req, res) => json(res, 500, { error: { code: 'InternalServerError', message: 'x' } }));
      await assert.rejects(subs.deleteRemote(row), (e) => isMicrosoftError(e, 'transient'));
    });

    test('a create answered without an id fails and leaves no row behind', async () => {
      graphServer.answer((_req, res) => json(res, 201, { expirationDateTime: new Date(Date.now() + 3_600_000).toISOString() }));
      await assert.rejects(subs.create('acct-noid', MAIL), (e) => isMicrosoftError(e, 'fatal'));
      assert.equal((await subs.forAccount('acct-noid')).length, 0);
    });
  });
}
