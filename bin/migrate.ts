// `npm run migrate`: applies pending migrations to DATABASE_URL and exits.
import { ConfigError, loadConfig } from '../src/config/env.js';
import { openDatabase } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';

try {
  const config = loadConfig();
  const database = openDatabase(config);
  const applied = await migrateToLatest(database.db);
  console.log(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date');
  await database.close();
} catch (err) {
  console.error(err instanceof ConfigError ? `configuration error: ${err.message}` : err);
  process.exit(1);
}
