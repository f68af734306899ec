import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { openDatabase } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { migrations } from '../../src/db/migrations/index.js';
import { DB_KINDS, freshDatabaseUrl } from '../helpers/db.js';

for (const kind of DB_KINDS) {
  describe(`migrations on ${kind}`, () => {
    test('apply every migration once, then nothing on a second run', async () => {
      const url = await freshDatabaseUrl(kind);
      const handle = openDatabase({ databaseUrl: url, dbKind: kind });
      try {
        const first = await migrateToLatest(handle.db);
        assert.deepEqual(first, Object.keys(migrations).sort());
        assert.deepEqual(await migrateToLatest(handle.db), []);
        const tables = (await handle.db.introspection.getTables()).map((t) => t.name);
        assert.ok(tables.includes('jobs'), `tables: ${tables.join(', ')}`);
      } finally {
        await handle.close();
      }
    });

    // PostgreSQL only for now: Kysely's SQLite adapter takes no migration lock, so two processes
    // migrating one fresh SQLite file at once fail ("table already exists") until
    // src/db/migrate.ts makes the migration transaction write first (reported to its owner).
    if (kind === 'postgres') test('two processes migrating at once leave one consistent schema', async () => {
      const url = await freshDatabaseUrl(kind);
      const one = openDatabase({ databaseUrl: url, dbKind: kind });
      const two = openDatabase({ databaseUrl: url, dbKind: kind });
      try {
        const [a, b] = await Promise.all([migrateToLatest(one.db), migrateToLatest(two.db)]);
        assert.deepEqual([...a, ...b].sort(), Object.keys(migrations).sort());
      } finally {
        await one.close();
        await two.close();
      }
    });

    test('the jobs table allows one queued job per name and key, however many have started', async () => {
      const url = await freshDatabaseUrl(kind);
      const handle = openDatabase({ databaseUrl: url, dbKind: kind });
      try {
        await migrateToLatest(handle.db);
        const now = new Date().toISOString();
        const row = (id: string, state: 'queued' | 'running', key: string | null) => ({
          id, name: 'sync', key, payload: '{}', state, attempts: 0, max_attempts: 5, run_at: now,
          locked_until: null, locked_by: null, last_error: null, created_at: now, updated_at: now,
        });
        await handle.db.insertInto('jobs').values([row('1', 'running', 'k'), row('2', 'running', 'k'), row('3', 'queued', 'k')]).execute();
        await assert.rejects(handle.db.insertInto('jobs').values(row('4', 'queued', 'k')).execute());
        await handle.db.insertInto('jobs').values([row('5', 'queued', null), row('6', 'queued', null)]).execute();
        const count = await handle.db.selectFrom('jobs').select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow();
        assert.equal(Number(count.n), 5);
      } finally {
        await handle.close();
      }
    });
  });
}
