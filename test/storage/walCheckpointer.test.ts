import Database from 'better-sqlite3';
import assert from 'node:assert/strict';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { INLINE_CHECKPOINT_PAGES, startWalCheckpointer } from '../../src/db/walCheckpointer.js';
import { waitFor } from '../helpers/wait.js';

function walDatabase() {
  const file = join(mkdtempSync(join(tmpdir(), 'tandem-wal-')), 'db.sqlite');
  const sqlite = new Database(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.exec('create table blobs (id integer primary key, body text)');
  return { file, sqlite };
}

test('the background checkpointer moves committed pages into the database file, with inline checkpoints off', async () => {
  const { file, sqlite } = walDatabase();
  const checkpointer = startWalCheckpointer(sqlite, file, { intervalMs: 20 });
  try {
    assert.equal(sqlite.pragma('wal_autocheckpoint', { simple: true }), 0);
    const sizeBefore = statSync(file).size;
    const insert = sqlite.prepare('insert into blobs (body) values (?)');
    sqlite.transaction(() => { for (let i = 0; i < 2000; i++) insert.run('x'.repeat(2000)); })();
    // Only a checkpoint writes those ~4 MB into the main file: the connection itself no longer does.
    await waitFor(() => statSync(file).size > sizeBefore + 3_000_000, { message: 'the database file never grew' });
  } finally {
    await checkpointer.stop();
    sqlite.close();
  }
});

test('a checkpointer that cannot run hands checkpointing back to the connection and says so', async () => {
  const { sqlite } = walDatabase();
  const problems: string[] = [];
  const checkpointer = startWalCheckpointer(sqlite, '/nonexistent/tandem.sqlite', { onProblem: (m) => problems.push(m) });
  try {
    await waitFor(() => problems.length > 0, { message: 'no problem reported' });
    assert.match(problems[0]!, /checkpointing inline again/);
    assert.equal(sqlite.pragma('wal_autocheckpoint', { simple: true }), INLINE_CHECKPOINT_PAGES);
  } finally {
    await checkpointer.stop();
    sqlite.close();
  }
});
