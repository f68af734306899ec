import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import { openDatabase } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { migrations } from '../../src/db/migrations/index.js';
import { DB_KINDS, freshDatabaseUrl } from '../helpers/db.js';

function runMigrate(databaseUrl: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'bin/migrate.ts'], {
      env: { ...process.env, DATABASE_URL: databaseUrl, TANDEM_SECRET_KEY: randomBytes(32).toString('hex') },
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('exit', (code) => resolve({ code, output }));
  });
}

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

    test('three processes migrating one fresh database at once leave one consistent schema', async () => {
      const url = await freshDatabaseUrl(kind);
      // Separate processes, as several Tandem processes starting together would be: in one process
      // better-sqlite3's synchronous busy wait would only deadlock against itself.
      const runs = await Promise.all([1, 2, 3].map(() => runMigrate(url)));
      for (const run of runs) assert.equal(run.code, 0, run.output);
      const applied = runs.flatMap((r) => /applied: (.*)/.exec(r.output)?.[1]?.split(', ') ?? []);
      assert.deepEqual(applied.sort(), Object.keys(migrations).sort());
      const handle = openDatabase({ databaseUrl: url, dbKind: kind });
      try {
        assert.deepEqual(await migrateToLatest(handle.db), []);
      } finally {
        await handle.close();
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
