import Database from 'better-sqlite3';
import { CompiledQuery, Kysely, PostgresDialect, SqliteAdapter, SqliteDialect, SqliteDriver, sql, type DatabaseConnection, type DialectAdapter, type Driver, type MigrationLockOptions } from 'kysely';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import pg from 'pg';
import type { Config } from '../config/env.js';
import type { Tables } from './tables/index.js';
import { withStatementCache } from './statementCache.js';
import { INLINE_CHECKPOINT_PAGES, startWalCheckpointer } from './walCheckpointer.js';

export type Db = Kysely<Tables>;

export interface DatabaseHandle {
  db: Db;
  kind: Config['dbKind'];
  /** The raw pg pool in PostgreSQL mode (pg-boss shares it); undefined for SQLite. */
  pgPool: pg.Pool | undefined;
  close(): Promise<void>;
}

/**
 * Kysely's SQLite adapter takes no migration lock, so two processes starting on a fresh file
 * would both create the same tables. Running migrations in a transaction whose first act is a
 * write to the lock row makes SQLite's own write lock serialize them.
 */
class LockingSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override async acquireMigrationLock(db: Kysely<any>, options: MigrationLockOptions): Promise<void> {
    await sql`update ${sql.table(options.lockTable)} set is_locked = 1 where id = ${options.lockRowId}`.execute(db);
  }
}

/**
 * Transactions take the write lock when they begin. A deferred transaction reads first and then
 * asks to write; if another process committed meanwhile, SQLite answers "database is locked" at
 * once instead of waiting out busy_timeout, which several Tandem processes on one file would hit.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

class LockingSqliteDialect extends SqliteDialect {
  constructor(private readonly sqliteConfig: ConstructorParameters<typeof SqliteDialect>[0]) {
    super(sqliteConfig);
  }
  override createAdapter(): DialectAdapter {
    return new LockingSqliteAdapter();
  }
  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.sqliteConfig);
  }
}

/**
 * One query layer for both engines. Portability rules every table follows: text ids,
 * timestamps as ISO-8601 text (sortable), booleans as 0/1 integers, JSON as text.
 */
export function openDatabase(
  config: Pick<Config, 'databaseUrl' | 'dbKind'>,
  options: { onProblem?: (message: string) => void } = {},
): DatabaseHandle {
  if (config.dbKind === 'postgres') {
    const pool = new pg.Pool({ connectionString: config.databaseUrl, max: 10 });
    const db = new Kysely<Tables>({ dialect: new PostgresDialect({ pool }) });
    return { db, kind: 'postgres', pgPool: pool, close: () => db.destroy() };
  }
  const file = config.databaseUrl.slice('sqlite:'.length);
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const sqlite = new Database(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('busy_timeout = 5000');
  // The default checkpoint (every 1,000 pages) runs inside a commit and stalled initial syncs and
  // webhook answers by ~45 ms each time; it is done by a worker thread instead (inline, rarer, as fallback).
  sqlite.pragma(`wal_autocheckpoint = ${INLINE_CHECKPOINT_PAGES}`);
  sqlite.pragma('foreign_keys = ON');
  const checkpointer = file === ':memory:' ? undefined : startWalCheckpointer(sqlite, file, { onProblem: options.onProblem });
  const db = new Kysely<Tables>({ dialect: new LockingSqliteDialect({ database: withStatementCache(sqlite) }) });
  return {
    db, kind: 'sqlite', pgPool: undefined,
    close: async () => {
      await checkpointer?.stop();
      await db.destroy();
    },
  };
}
