import PgBoss from 'pg-boss';
import type pg from 'pg';
import { newId } from '../lib/ids.js';
import type { Logger } from '../lib/log.js';
import type { EnqueueOptions, JobHandler, Queue } from './queue.js';
import { DEFAULT_RUNNER_OPTIONS, JobRunner, errorText, type ClaimedJob, type JobStore, type RunnerOptions } from './runner.js';
import { DEFAULT_MAX_ATTEMPTS } from './sqliteQueue.js';

export interface PgBossQueueOptions extends Partial<RunnerOptions> {
  /** Share the application's pool (preferred), or let pg-boss open its own. */
  pool?: pg.Pool;
  connectionString?: string;
  /** pg-boss counts retry delays in whole seconds. */
  backoffBaseMs?: number;
  /** How often pg-boss looks for expired leases (jobs of dead workers). */
  maintenanceIntervalSeconds?: number;
  schema?: string;
  log?: Logger;
}

/** pg-boss wants an object; any payload (even a bare string) travels wrapped. */
interface Envelope {
  payload: unknown;
}

/**
 * pg-boss 10 has no lease renewal; its "expire_in" is our lease. Renewing it means moving the
 * deadline (started_on + expire_in) forward, which is one update on pg-boss's own job table.
 */
function extendLeaseSql(schema: string): string {
  return `UPDATE ${schema}.job SET expire_in = (now() - started_on) + $3 * interval '1 second'
          WHERE name = $1 AND id = $2 AND state = 'active'`;
}

class PgBossJobStore implements JobStore {
  constructor(
    private readonly boss: PgBoss,
    private readonly schema: string,
  ) {}

  async claim(name: string, limit: number): Promise<ClaimedJob[]> {
    const jobs = await this.boss.fetch<Envelope>(name, { batchSize: limit, includeMetadata: true });
    return jobs.map((job) => ({
      id: job.id,
      name: job.name,
      payload: job.data?.payload ?? null,
      attempt: job.retryCount + 1,
      maxAttempts: job.retryLimit + 1,
      token: job.id,
    }));
  }

  async complete(job: ClaimedJob): Promise<void> {
    await this.boss.complete(job.name, job.id);
  }

  async fail(job: ClaimedJob, error: unknown): Promise<void> {
    // pg-boss moves it to "retry" (with its own exponential backoff and jitter) or to "failed".
    await this.boss.fail(job.name, job.id, { message: errorText(error) });
  }

  async extend(job: ClaimedJob, leaseMs: number): Promise<void> {
    await this.boss.getDb().executeSql(extendLeaseSql(this.schema), [job.name, job.id, Math.ceil(leaseMs / 1000)]);
  }
}

/**
 * The queue in PostgreSQL mode. Every process sharing the database shares the jobs; pg-boss's
 * SKIP LOCKED fetch gives each job to one of them. The queues use pg-boss's "short" policy:
 * at most one job per (name, singletonKey) in the created state, and a job that has started no
 * longer blocks a new one, which is exactly the EnqueueOptions.key contract.
 */
export class PgBossQueue implements Queue {
  private readonly boss: PgBoss;
  private readonly runner: JobRunner;
  private readonly queues = new Map<string, Promise<void>>();
  private readonly retryDelaySeconds: number;
  private readonly leaseSeconds: number;
  private starting: Promise<void> | undefined;
  private stopped = false;
  private readonly pool: pg.Pool | undefined;

  constructor(options: PgBossQueueOptions) {
    const schema = options.schema ?? 'pgboss';
    const pool = options.pool;
    this.pool = pool;
    const connection = pool
      ? { db: { executeSql: (text: string, values: unknown[]) => pool.query(text, values) } }
      : { connectionString: options.connectionString };
    this.boss = new PgBoss({
      ...connection,
      schema,
      schedule: false,
      supervise: true,
      migrate: true,
      maintenanceIntervalSeconds: options.maintenanceIntervalSeconds ?? 30,
    });
    this.boss.on('error', (err) => options.log?.error({ err }, 'pg-boss error'));
    const leaseMs = options.leaseMs ?? DEFAULT_RUNNER_OPTIONS.leaseMs;
    this.leaseSeconds = Math.max(1, Math.ceil(leaseMs / 1000));
    this.retryDelaySeconds = Math.max(1, Math.round((options.backoffBaseMs ?? 5_000) / 1000));
    this.runner = new JobRunner(new PgBossJobStore(this.boss, schema), {
      pollMs: Math.max(options.pollMs ?? DEFAULT_RUNNER_OPTIONS.pollMs, 50),
      leaseMs: this.leaseSeconds * 1000,
      graceMs: options.graceMs ?? DEFAULT_RUNNER_OPTIONS.graceMs,
      abortGraceMs: options.abortGraceMs ?? DEFAULT_RUNNER_OPTIONS.abortGraceMs,
      log: options.log,
    });
  }

  async enqueue<P>(name: string, payload: P, options: EnqueueOptions = {}): Promise<void> {
    await this.ensureStarted();
    await this.ensureQueue(name);
    const maxAttempts = Math.max(1, options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS);
    await this.boss.send(name, { payload: payload ?? null } satisfies Envelope, {
      // Under the "short" policy even a missing key collides with other keyless jobs: give each its own.
      singletonKey: options.key ?? `unique:${newId()}`,
      startAfter: options.runAt !== undefined ? new Date(options.runAt) : undefined,
      retryLimit: maxAttempts - 1,
      retryDelay: this.retryDelaySeconds,
      retryBackoff: true,
      expireInSeconds: this.leaseSeconds,
    });
    this.runner.wake(name);
  }

  work<P>(name: string, handler: JobHandler<P>, options: { concurrency?: number } = {}): void {
    this.runner.register(name, handler as JobHandler<unknown>, options.concurrency ?? 1);
  }

  async start(): Promise<void> {
    await this.ensureStarted();
    for (const name of this.runner.names()) await this.ensureQueue(name);
    this.runner.start();
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    await this.runner.stop();
    if (this.starting) await this.boss.stop({ graceful: false, close: true });
  }

  private ensureStarted(): Promise<void> {
    if (this.stopped) return Promise.reject(new Error('the job queue is stopped'));
    this.starting ??= this.startBoss();
    return this.starting;
  }

  /**
   * pg-boss installs its schema, and creates each queue's partition table, without guarding
   * against another connection doing DDL at the same moment (PostgreSQL then reports a deadlock).
   * Processes sharing our database take turns under one advisory lock.
   */
  private async startBoss(): Promise<void> {
    await this.underDdlLock(() => this.boss.start());
  }

  private async underDdlLock<T>(work: () => Promise<T>): Promise<T> {
    if (!this.pool) return work();
    const client = await this.pool.connect();
    try {
      await client.query('SELECT pg_advisory_lock(hashtext($1))', ['tandem.pgboss.ddl']);
      try {
        return await work();
      } finally {
        await client.query('SELECT pg_advisory_unlock(hashtext($1))', ['tandem.pgboss.ddl']);
      }
    } finally {
      client.release();
    }
  }

  private ensureQueue(name: string): Promise<void> {
    let created = this.queues.get(name);
    if (!created) {
      created = this.underDdlLock(async () => {
        // Another process may have made it while we waited for the lock.
        if (!(await this.boss.getQueue(name))) await this.boss.createQueue(name, { name, policy: 'short' });
      });
      created.catch(() => this.queues.delete(name));
      this.queues.set(name, created);
    }
    return created;
  }
}
