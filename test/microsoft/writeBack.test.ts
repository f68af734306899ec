/**
 * The write-back path shared by two-way resources, with a resource whose Graph is a fake: order,
 * retries only on throttling and 5xx, 412 → re-read, merge, retry, an item deleted in Outlook,
 * attempts counted before sending (a retried create knows it may already exist), and echoes.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import pino from 'pino';
import type { SyncEngine } from '../../src/app/microsoft/sync/context.js';
import { KeyedLock } from '../../src/app/microsoft/sync/keyedLock.js';
import { runWriteBack } from '../../src/app/microsoft/sync/writeBackJob.js';
import type { DatabaseHandle } from '../../src/db/database.js';
import { MicrosoftError } from '../../src/microsoft/graph/errors.js';
import { links } from '../../src/microsoft/sync/links.js';
import type { ResourceManifest } from '../../src/microsoft/sync/manifest.js';
import { outbox } from '../../src/microsoft/sync/outbox.js';
import type { OutboxEntry, WriteBack } from '../../src/microsoft/sync/writeBack.js';
import { DB_KINDS, openTestDatabase } from '../helpers/db.js';

type Send = (entry: OutboxEntry, changeKey: string | null) => { id: string; changeKey: string } | null;

function engineWith(database: DatabaseHandle, wb: WriteBack) {
  const queued: Array<{ runAt?: number }> = [];
  const manifest = { name: 'mail', feature: 'mail', writeBack: wb } as unknown as ResourceManifest;
  const account = { id: 'acc', userId: 'u', workspaceId: 'w', status: 'active', grantedScopes: ['Mail.ReadWrite'] };
  const s = {
    manifests: new Map([['mail', manifest]]),
    locks: new KeyedLock(),
    integration: {
      database, graph: {}, log: pino({ level: 'silent' }),
      accounts: { byId: async () => account },
      queue: { enqueue: async (_n: string, _p: unknown, o: { runAt?: number }) => void queued.push(o) },
    },
  } as unknown as SyncEngine;
  return { s, queued };
}

/** A fake Graph item store behind the WriteBack interface. */
function fakeWriteBack(send: Send, refreshed = 'ck-fresh'): WriteBack & { calls: Array<{ op: string; attempts: number; changeKey: string | null }> } {
  const calls: Array<{ op: string; attempts: number; changeKey: string | null }> = [];
  return {
    calls,
    async send(_ctx, entry, link) {
      calls.push({ op: entry.op, attempts: entry.attempts, changeKey: link?.change_key ?? null });
      return send(entry, link?.change_key ?? null);
    },
    async refresh() {
      return { changeKey: refreshed };
    },
  };
}

for (const kind of DB_KINDS) {
  describe(`write-back (${kind})`, () => {
    let database: DatabaseHandle;
    before(async () => {
      database = await openTestDatabase(kind);
    });
    after(() => database.close());
    const db = () => database.db;
    const record = (recordId: string, op: 'create' | 'update' | 'delete', payload: unknown = {}) =>
      outbox.record(db(), { accountId: 'acc', resource: 'mail', recordType: 'meeting', recordId, op, payload });

    test('entries go in order, each link keeps the changeKey written, and that changeKey is recognised as an echo', async () => {
      const wb = fakeWriteBack((e) => ({ id: `g-${e.recordId}`, changeKey: `ck-${e.op}` }));
      const { s } = engineWith(database, wb);
      await record('r1', 'create');
      await record('r1', 'update', { subject: 'b' });
      await runWriteBack(s, { accountId: 'acc', resource: 'mail' });
      assert.deepEqual(wb.calls.map((c) => c.op), ['create', 'update']);
      assert.equal(wb.calls[1]!.changeKey, 'ck-create', 'the update carries the changeKey the create got');
      const link = await links.byRecord(db(), 'acc', 'mail', 'meeting', 'r1');
      assert.equal(link?.change_key, 'ck-update');
      assert.equal((await outbox.pending(db(), 'acc', 'mail')).length, 0);
      const echoes = await links.echoes(db(), 'acc', 'mail', [{ id: 'g-r1', changeKey: 'ck-update' }, { id: 'g-r1x', changeKey: 'ck-update' }]);
      assert.deepEqual([...echoes], ['g-r1']);
      const changed = await links.echoes(db(), 'acc', 'mail', [{ id: 'g-r1', changeKey: 'ck-outlook-edit' }]);
      assert.equal(changed.size, 0, 'an edit made in Outlook is not an echo');
    });

    test('throttling waits (the rest keeps its order); a 412 re-reads and retries with the fresh changeKey', async () => {
      let throttled = true;
      const wb = fakeWriteBack((e, ck) => {
        if (e.recordId === 't1' && throttled) throw new MicrosoftError('throttled', 'Graph 429', { status: 429, retryAfterMs: 60_000 });
        if (e.recordId === 'c1' && ck !== 'ck-fresh') throw new MicrosoftError('conflict', 'Graph 412', { status: 412 });
        return { id: `g-${e.recordId}`, changeKey: 'ck-new' };
      });
      const { s, queued } = engineWith(database, wb);
      await record('t1', 'create');
      await record('t2', 'create');
      await runWriteBack(s, { accountId: 'acc', resource: 'mail' });
      assert.deepEqual(wb.calls.map((c) => c.op), ['create'], 'the later entry waits behind the throttled one');
      assert.ok(queued.some((q) => (q.runAt ?? 0) >= Date.now() + 50_000), 'queued again after Retry-After');
      throttled = false;
      await database.db.updateTable('microsoft_outbox').set({ next_attempt_at: new Date(0).toISOString() }).execute();
      await runWriteBack(s, { accountId: 'acc', resource: 'mail' });
      assert.deepEqual(wb.calls.map((c) => c.attempts), [0, 1, 0], 'the retry knows an earlier attempt was made');

      await links.upsert(db(), { account_id: 'acc', resource: 'mail', graph_id: 'g-c1', record_type: 'meeting', record_id: 'c1', change_key: 'ck-stale' });
      wb.calls.length = 0;
      await record('c1', 'update', { subject: 'mine' });
      await runWriteBack(s, { accountId: 'acc', resource: 'mail' });
      assert.deepEqual(wb.calls.map((c) => c.changeKey), ['ck-stale', 'ck-fresh']);
      assert.equal((await links.byRecord(db(), 'acc', 'mail', 'meeting', 'c1'))?.change_key, 'ck-new');
    });

    test('a rejected write fails its entry without blind retries; an item deleted in Outlook unlinks the record', async () => {
      const wb = fakeWriteBack((e) => {
        if (e.recordId === 'bad') throw new MicrosoftError('invalidRequest', 'Graph 400', { status: 400 });
        throw new MicrosoftError('notFound', 'Graph 404', { status: 404 });
      });
      const gone: string[] = [];
      wb.gone = async (_trx, _ctx, entry) => void gone.push(entry.recordId);
      const { s } = engineWith(database, wb);
      await links.upsert(db(), { account_id: 'acc', resource: 'mail', graph_id: 'g-del', record_type: 'meeting', record_id: 'del', change_key: 'x' });
      await record('bad', 'create');
      await record('del', 'update', { subject: 'x' });
      await runWriteBack(s, { accountId: 'acc', resource: 'mail' });
      assert.equal(wb.calls.length, 2, 'each sent once');
      const failed = await db().selectFrom('microsoft_outbox').selectAll().where('record_id', '=', 'bad').executeTakeFirstOrThrow();
      assert.equal(failed.state, 'failed');
      assert.match(failed.last_error!, /400/);
      assert.deepEqual(gone, ['del']);
      assert.equal(await links.byRecord(db(), 'acc', 'mail', 'meeting', 'del'), undefined);
    });
  });
}
