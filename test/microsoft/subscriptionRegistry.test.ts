import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { SecretBox } from '../../src/lib/secretBox.js';
import { POSITIVE_TTL_MS, SubscriptionRegistry, clientStateMatches } from '../../src/microsoft/subscriptions/registry.js';
import { DB_KINDS, openTestDatabase } from '../helpers/db.js';

for (const kind of DB_KINDS) {
  describe(`webhook subscription registry (${kind})`, () => {
    let database: Awaited<ReturnType<typeof openTestDatabase>>;
    const box = new SecretBox(randomBytes(32));
    before(async () => {
      database = await openTestDatabase(kind);
    });
    after(() => database.close());

    async function insert(graphId: string, accountId: string, clientState: string): Promise<void> {
      const now = new Date().toISOString();
      await database.db.insertInto('microsoft_subscriptions').values({
        id: graphId, account_id: accountId, resource_kind: 'mail', graph_id: graphId, resource: '/me/messages',
        sealed_client_state: box.seal(clientState), expires_at: now, status: 'active', created_at: now, updated_at: now,
      }).execute();
    }

    test('a subscription deleted by another process stops being accepted within the re-check interval', async () => {
      let clock = 1_000_000;
      const registry = new SubscriptionRegistry(database.db, box, () => clock);
      await insert('sub-1', 'acct-1', 'state-1');
      const first = await registry.lookup(['sub-1']);
      assert.equal(first.get('sub-1')?.accountId, 'acct-1');
      assert.ok(clientStateMatches(first.get('sub-1')!.clientState, 'state-1'));

      // Another process disconnects: the row goes, this process's cache does not hear of it.
      await database.db.deleteFrom('microsoft_subscriptions').where('graph_id', '=', 'sub-1').execute();
      clock += 1_000;
      assert.ok((await registry.lookup(['sub-1'])).has('sub-1'), 'served from memory between checks');
      clock += POSITIVE_TTL_MS;
      assert.equal((await registry.lookup(['sub-1'])).has('sub-1'), false, 'gone once re-checked');
    });

    test('unknown and forged ids are not found, and a wrong clientState never matches', async () => {
      const registry = new SubscriptionRegistry(database.db, box);
      await insert('sub-2', 'acct-2', 'state-2');
      const found = await registry.lookup(['sub-2', 'forged']);
      assert.equal(found.has('forged'), false);
      assert.equal(clientStateMatches(found.get('sub-2')!.clientState, 'state-X'), false);
      assert.equal(clientStateMatches(found.get('sub-2')!.clientState, undefined), false);
    });
  });
}
