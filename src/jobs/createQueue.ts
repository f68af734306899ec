import type { Config } from '../config/env.js';
import type { DatabaseHandle } from '../db/database.js';
import type { Logger } from '../lib/log.js';
import { PgBossQueue } from './pgBossQueue.js';
import type { Queue } from './queue.js';
import { SqliteQueue } from './sqliteQueue.js';

/** The queue for this deployment: in the SQLite file when embedded, pg-boss on PostgreSQL. */
export function createQueue(config: Pick<Config, 'dbKind'>, database: DatabaseHandle, log?: Logger): Queue {
  if (config.dbKind === 'postgres') {
    if (!database.pgPool) throw new Error('PostgreSQL mode needs the database handle to carry its pg pool');
    return new PgBossQueue({ pool: database.pgPool, log });
  }
  return new SqliteQueue(database.db, { log });
}
