import Database from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import pg from 'pg';
import type { Config } from '../config/env.js';
import type { Tables } from './tables/index.js';

export type Db = Kysely<Tables>;

export interface DatabaseHandle {
  db: Db;
  kind: Config['dbKind'];
  /** The raw pg pool in PostgreSQL mode (pg-boss shares it); undefined for SQLite. */
  pgPool: pg.Pool | undefined;
  close(): Promise<void>;
}

/**
 * One query layer for both engines. Portability rules every table follows: text ids,
 * timestamps as ISO-8601 text (sortable), booleans as 0/1 integers, JSON as text.
 */
export function openDatabase(config: Pick<Config, 'databaseUrl' | 'dbKind'>): DatabaseHandle {
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
  sqlite.pragma('foreign_keys = ON');
  const db = new Kysely<Tables>({ dialect: new SqliteDialect({ database: sqlite }) });
  return { db, kind: 'sqlite', pgPool: undefined, close: () => db.destroy() };
}
