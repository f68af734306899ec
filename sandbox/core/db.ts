import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

export type SandboxDb = Database.Database;

/**
 * The sandbox keeps its whole tenant in one SQLite file so that state survives restarts and
 * a 100k-message mailbox stays cheap to page through. Each module owns its tables and passes
 * its DDL here; statements must be idempotent (CREATE ... IF NOT EXISTS).
 */
export function openSandboxDb(file: string, schemas: readonly string[]): SandboxDb {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  for (const ddl of schemas) db.exec(ddl);
  return db;
}
