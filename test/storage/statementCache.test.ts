import assert from 'node:assert/strict';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { withStatementCache } from '../../src/db/statementCache.js';

test('statement cache: one compiled statement per SQL text, least recently used evicted, results unchanged', () => {
  const raw = new Database(':memory:');
  let compiled = 0;
  const counting = new Proxy(raw, { get: (t, p) => (p === 'prepare' ? (sql: string) => { compiled++; return t.prepare(sql); } : Reflect.get(t, p)) });
  const db = withStatementCache(counting as Database.Database, 2);
  db.prepare('create table t (a integer)').run([]);
  const insert = 'insert into t (a) values (?)';
  for (let i = 0; i < 5; i++) db.prepare(insert).run([i]);
  assert.deepEqual(db.prepare('select sum(a) as s from t').all([]), [{ s: 10 }]);
  assert.equal(compiled, 3, 'the insert was compiled once for five runs');
  // Capacity 2: `create`, then insert, then select were cached; create was evicted first.
  db.prepare(insert).run([5]);
  db.prepare('select count(*) as n from t').all([]);
  assert.equal(compiled, 4);
  db.prepare(insert).run([6]);
  assert.equal(compiled, 4, 'recently used insert stayed');
  db.prepare('select sum(a) as s from t').all([]);
  assert.equal(compiled, 5, 'the least recently used select was evicted');
  const long = `select 1 as x /* ${'padding '.repeat(600)} */`;
  db.prepare(long).all([]);
  db.prepare(long).all([]);
  assert.equal(compiled, 7, 'very long SQL is not kept');
  db.close();
});
