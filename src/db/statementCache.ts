import type Database from 'better-sqlite3';
import type { SqliteDatabase, SqliteStatement } from 'kysely';

/** Statements this long are mostly multi-row inserts and `in (…)` lists of one-off sizes: not worth keeping. */
const MAX_CACHED_SQL = 4_000;

/**
 * Kysely's SQLite driver prepares every query afresh, and better-sqlite3 compiles the SQL each time:
 * under a webhook flood the same few statements were compiled thousands of times a second, on the
 * event loop, between HTTP answers. A prepared statement is reusable (the driver is synchronous, so
 * no two executions of one statement overlap), so the last `capacity` distinct statements are kept.
 */
export function withStatementCache(db: Database.Database, capacity = 500): SqliteDatabase {
  const cache = new Map<string, SqliteStatement>();
  return {
    close: () => {
      cache.clear();
      db.close();
    },
    prepare(sql: string): SqliteStatement {
      const hit = cache.get(sql);
      if (hit) {
        // Map order is insertion order: re-inserting marks it most recently used.
        cache.delete(sql);
        cache.set(sql, hit);
        return hit;
      }
      const stmt = db.prepare(sql);
      if (sql.length <= MAX_CACHED_SQL) {
        cache.set(sql, stmt);
        if (cache.size > capacity) cache.delete(cache.keys().next().value as string);
      }
      return stmt;
    },
  };
}
