// `npm start`: one Tandem process (web, worker or both) and, when no Azure app is configured,
// the sandbox tenant beside it. This is the composition root: the only file that sees every part.
import { ConfigError, loadConfig, type Config } from '../src/config/env.js';
import { openDatabase } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { createLiveEvents } from '../src/events/createLiveEvents.js';
import { createMicrosoftIntegration } from '../src/app/microsoft/createIntegration.js';
import { microsoftRoutes } from '../src/http/routes/microsoft/index.js';
import { buildServer } from '../src/http/server.js';
import { createQueue } from '../src/jobs/createQueue.js';
import { startWorkers } from '../src/jobs/worker.js';
import { createLogger } from '../src/lib/log.js';
import type { RunningSandbox } from '../sandbox/server.js';
import { startSandboxForTandem } from './sandboxForTandem.js';

async function main(): Promise<void> {
  let config = loadConfig();
  const log = createLogger(config.logLevel);

  let sandbox: RunningSandbox | undefined;
  if (!config.ms.clientId) {
    const started = await startSandboxForTandem(config.dataDir, config.publicUrl);
    sandbox = started.sandbox;
    config = { ...config, ms: started.ms };
  }

  const database = openDatabase(config, { onProblem: (message) => log.warn(message) });
  await migrateToLatest(database.db);
  const live = await createLiveEvents(config, database, log);
  const queue = createQueue(config, database, log);

  const microsoft = await createMicrosoftIntegration({ config, database, log, live, queue });
  const app = await buildServer({ config, database, log, live, extraRoutes: microsoftRoutes(microsoft) });
  const working = await startWorkers(config.role, queue, microsoft.jobs);
  // Periodic jobs (subscription renewal, sweeps, idle-token refresh) are the product's own duty,
  // never an operator's cron. Every worker ticks; the idempotency key makes one run per period.
  const timers = working
    ? microsoft.periodic.map(({ name, everyMs }) => {
        const tick = () => void queue.enqueue(name, {}, { key: name }).catch((err: unknown) => log.error({ err, job: name }, 'could not enqueue periodic job'));
        tick();
        return setInterval(tick, everyMs);
      })
    : [];
  if (config.role !== 'worker') await app.listen({ port: config.port, host: config.host });

  printBanner(config, working, sandbox);

  let stopping = false;
  const stop = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'draining');
    // Requests first (no new work arrives), then jobs, then the stores they use.
    for (const timer of timers) clearInterval(timer);
    await app.close();
    await queue.stop();
    await microsoft.close();
    await live.close();
    await database.close();
    await sandbox?.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

function printBanner(config: Config, working: boolean, sandbox: RunningSandbox | undefined): void {
  const lines = [
    '',
    `Tandem is running (${config.role === 'all' ? 'web + worker' : config.role}${working ? '' : ', jobs handled elsewhere'})`,
    config.role !== 'worker' ? `  Open:       ${config.publicUrl}` : '',
    `  Database:   ${config.dbKind === 'sqlite' ? config.databaseUrl : 'PostgreSQL'}`,
    sandbox
      ? `  Microsoft:  sandbox tenant (no MS_CLIENT_ID set): sign-in pages ${sandbox.urls.signIn}, identity ${sandbox.urls.login}, Graph ${sandbox.urls.graph}, control ${sandbox.urls.control}`
      : `  Microsoft:  ${config.ms.loginUrl} and ${config.ms.graphUrl} (tenant ${config.ms.tenant})`,
    sandbox ? '  Sandbox accounts: see sandbox/README.md (e.g. adele@contoso.onmicrosoft.com)' : '',
    '',
  ];
  console.log(lines.filter((l) => l !== '').join('\n'));
}

try {
  await main();
} catch (err) {
  // A configuration mistake is the operator's to fix: one line naming the variable, no stack.
  if (!(err instanceof ConfigError)) throw err;
  console.error(`Tandem cannot start: ${err.message}`);
  process.exit(1);
}
