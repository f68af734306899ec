import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { locateMessages } from '../../src/microsoft/sync/mail/locate.js';
import type { GraphClient } from '../../src/microsoft/graph/client.js';
import type { SyncContext } from '../../src/microsoft/sync/contract.js';
import { openTestDatabase } from '../helpers/db.js';

let database: Awaited<ReturnType<typeof openTestDatabase>>;
before(async () => {
  database = await openTestDatabase('sqlite');
});
after(() => database.close());

/** A Graph client whose $batch answers each lookup with the given status, in order. */
function ctxAnswering(statuses: number[]): SyncContext {
  const graph = {
    batch: async (_accountId: string, requests: Array<{ id: string }>) =>
      requests.map((r, i) => ({ id: r.id, status: statuses[i]!, body: statuses[i] === 200 ? { id: `m${i}`, parentFolderId: 'inbox-id' } : { error: { code: 'x' } } })),
  } as unknown as GraphClient;
  return { db: database.db, graph, account: { id: 'acc', userId: 'u', workspaceId: 'w' } };
}

test('lookups Graph answered (found or 404) are decided; one still throttled or failing is not', async () => {
  const answered = await locateMessages(ctxAnswering([200, 404]), ['a', 'b']);
  assert.deepEqual(answered, { located: [{ folderId: 'inbox-id', known: false }], undecided: false });
  for (const status of [429, 503, 500]) {
    const r = await locateMessages(ctxAnswering([200, status]), ['a', 'b']);
    assert.equal(r.undecided, true, `status ${status}`);
    assert.equal(r.located.length, 1);
  }
});
