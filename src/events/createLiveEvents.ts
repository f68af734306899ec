import type { Config } from '../config/env.js';
import type { DatabaseHandle } from '../db/database.js';
import type { Logger } from '../lib/log.js';
import type { LiveEvents } from './liveEvents.js';
import { LocalLiveEvents } from './localLiveEvents.js';
import { PgLiveEvents } from './pgLiveEvents.js';

/**
 * In-process for SQLite (one process serves every page); LISTEN/NOTIFY for PostgreSQL, where a
 * worker process may publish what a web process must deliver. Resolves once it can receive.
 */
export async function createLiveEvents(
  config: Pick<Config, 'dbKind' | 'databaseUrl'>,
  database: DatabaseHandle,
  log?: Logger,
): Promise<LiveEvents> {
  if (config.dbKind === 'sqlite') return new LocalLiveEvents(log);
  if (!database.pgPool) throw new Error('PostgreSQL mode needs the database handle to carry its pg pool');
  const events = new PgLiveEvents({ connectionString: config.databaseUrl, pool: database.pgPool, log });
  await events.start();
  return events;
}
