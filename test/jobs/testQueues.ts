import pg from 'pg';
import { openDatabase, type DatabaseHandle } from '../../src/db/database.js';
import { PgBossQueue } from '../../src/jobs/pgBossQueue.js';
import type { Queue } from '../../src/jobs/queue.js';
import { SqliteQueue } from '../../src/jobs/sqliteQueue.js';
import { createLogger } from '../../src/lib/log.js';
import type { DbKind } from '../helpers/db.js';

export interface TestQueueOptions {
  leaseMs?: number;
  graceMs?: number;
  abortGraceMs?: number;
}

/** A queue of the given kind tuned for tests: fast polling, short backoff, short lease checks. */
export function testQueue(kind: DbKind, handle: DatabaseHandle, options: TestQueueOptions = {}): Queue {
  const common = {
    pollMs: 50,
    leaseMs: options.leaseMs ?? 5_000,
    graceMs: options.graceMs ?? 5_000,
    abortGraceMs: options.abortGraceMs ?? 1_000,
    log: createLogger('silent'),
  };
  if (kind === 'postgres') {
    // pg-boss counts retry delays in whole seconds: 1 s is the shortest backoff it offers.
    return new PgBossQueue({ ...common, pool: handle.pgPool, backoffBaseMs: 1_000, maintenanceIntervalSeconds: 1 });
  }
  return new SqliteQueue(handle.db, { ...common, backoffBaseMs: 100 });
}

/** A second connection to the same database, as another process would have. */
export function secondHandle(kind: DbKind, url: string): DatabaseHandle {
  return openDatabase({ databaseUrl: url, dbKind: kind });
}

export interface FailedJob {
  state: string;
  error: string;
}

/** The stored record of jobs with this name that gave up, read straight from each engine's table. */
export async function failedJobs(kind: DbKind, handle: DatabaseHandle & { url: string }, name: string): Promise<FailedJob[]> {
  if (kind === 'sqlite') {
    const rows = await handle.db.selectFrom('jobs').select(['state', 'last_error']).where('name', '=', name).where('state', '=', 'failed').execute();
    return rows.map((r) => ({ state: r.state, error: r.last_error ?? '' }));
  }
  const client = new pg.Client({ connectionString: handle.url });
  await client.connect();
  try {
    const { rows } = await client.query<{ state: string; output: { message?: string } | null }>(
      "SELECT state, output FROM pgboss.job WHERE name = $1 AND state = 'failed'",
      [name],
    );
    return rows.map((r) => ({ state: r.state, error: r.output?.message ?? '' }));
  } finally {
    await client.end();
  }
}
