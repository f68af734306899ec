import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openDatabase, type DatabaseHandle } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrate.js';

export type DbKind = 'sqlite' | 'postgres';
export const DB_KINDS: DbKind[] = ['sqlite', 'postgres'];

/** The PostgreSQL server the suite runs against; scripts/test-env.sh starts it. */
export function testPgUrl(): string {
  const url = process.env.TEST_PG_URL;
  if (!url) throw new Error('TEST_PG_URL is not set: run the suite with `npm test`, which starts PostgreSQL');
  return url;
}

/** A database URL for a brand-new, empty database of the given kind. */
export async function freshDatabaseUrl(kind: DbKind): Promise<string> {
  if (kind === 'sqlite') return `sqlite:${join(mkdtempSync(join(tmpdir(), 'tandem-db-')), 'test.sqlite')}`;
  const name = `tandem_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: testPgUrl() });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(testPgUrl());
  url.pathname = `/${name}`;
  return url.toString();
}

/** A fresh, migrated database of the given kind. */
export async function openTestDatabase(kind: DbKind): Promise<DatabaseHandle & { url: string }> {
  const url = await freshDatabaseUrl(kind);
  const handle = openDatabase({ databaseUrl: url, dbKind: kind });
  await migrateToLatest(handle.db);
  return { ...handle, url };
}
