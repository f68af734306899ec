import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import { newId } from '../lib/ids.js';
import type { Logger } from '../lib/log.js';
import type { EnqueueOptions, JobHandler, Queue } from './queue.js';
import { DEFAULT_RUNNER_OPTIONS, JobRunner, errorText, type ClaimedJob, type JobStore, type RunnerOptions } from './runner.js';

export interface SqliteQueueOptions extends Partial<RunnerOptions> {
  /** First retry waits about this long; each further one twice as long (with jitter). */
  backoffBaseMs?: number;
  backoffMaxMs?: number;
}

export const DEFAULT_MAX_ATTEMPTS = 5;

/** The delay before attempt n+1 after attempt n failed: exponential, capped, with jitter in [d/2, d]. */
export function backoffDelay(attempt: number, baseMs: number, maxMs: number): number {
  const d = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(d / 2 + (Math.random() * d) / 2);
}

/**
 * Durable jobs in the application's own SQLite database. Each claim is one UPDATE…RETURNING
 * statement, which SQLite runs atomically, so several processes on one file never take the same job.
 */
class SqliteJobStore implements JobStore {
  constructor(
    private readonly db: Db,
    private readonly backoffBaseMs: number,
    private readonly backoffMaxMs: number,
  ) {}

  async claim(name: string, limit: number, leaseMs: number): Promise<ClaimedJob[]> {
    const now = new Date();
    const nowIso = now.toISOString();
    const token = newId();
    const due = this.db
      .selectFrom('jobs')
      .select('id')
      .where('name', '=', name)
      .where('run_at', '<=', nowIso)
      .where((eb) =>
        eb.or([eb('state', 'in', ['queued', 'retry']), eb.and([eb('state', '=', 'running'), eb('locked_until', '<', nowIso)])]),
      )
      .orderBy('run_at')
      .limit(limit);
    // A plain read first: idle polls then never take SQLite's write lock away from the web process.
    if ((await due.execute()).length === 0) return [];
    const rows = await this.db
      .updateTable('jobs')
      .set({
        state: 'running',
        attempts: sql<number>`attempts + 1`,
        locked_until: new Date(now.getTime() + leaseMs).toISOString(),
        locked_by: token,
        updated_at: nowIso,
      })
      .where('id', 'in', due)
      .returningAll()
      .execute();

    const claimed: ClaimedJob[] = [];
    for (const row of rows) {
      const job: ClaimedJob = {
        id: row.id,
        name: row.name,
        payload: JSON.parse(row.payload) as unknown,
        attempt: row.attempts,
        maxAttempts: row.max_attempts,
        token,
      };
      // Only a job whose worker died (lease expired on its last attempt) can get here.
      if (row.attempts > row.max_attempts) await this.record(job, 'failed', nowIso, 'lease expired: the worker stopped before finishing');
      else claimed.push(job);
    }
    return claimed;
  }

  async complete(job: ClaimedJob): Promise<void> {
    await this.db.deleteFrom('jobs').where('id', '=', job.id).where('locked_by', '=', job.token).execute();
  }

  async fail(job: ClaimedJob, error: unknown): Promise<void> {
    if (job.attempt >= job.maxAttempts) {
      await this.record(job, 'failed', new Date().toISOString(), errorText(error));
      return;
    }
    const runAt = new Date(Date.now() + backoffDelay(job.attempt, this.backoffBaseMs, this.backoffMaxMs));
    await this.record(job, 'retry', runAt.toISOString(), errorText(error));
  }

  async extend(job: ClaimedJob, leaseMs: number): Promise<void> {
    await this.db
      .updateTable('jobs')
      .set({ locked_until: new Date(Date.now() + leaseMs).toISOString() })
      .where('id', '=', job.id)
      .where('locked_by', '=', job.token)
      .where('state', '=', 'running')
      .execute();
  }

  private async record(job: ClaimedJob, state: 'retry' | 'failed', runAt: string, lastError: string): Promise<void> {
    await this.db
      .updateTable('jobs')
      .set({ state, run_at: runAt, last_error: lastError, locked_until: null, locked_by: null, updated_at: new Date().toISOString() })
      .where('id', '=', job.id)
      .where('locked_by', '=', job.token)
      .execute();
  }
}

export class SqliteQueue implements Queue {
  private readonly runner: JobRunner;

  constructor(
    private readonly db: Db,
    options: SqliteQueueOptions & { log?: Logger } = {},
  ) {
    const store = new SqliteJobStore(db, options.backoffBaseMs ?? 5_000, options.backoffMaxMs ?? 3_600_000);
    this.runner = new JobRunner(store, {
      pollMs: options.pollMs ?? DEFAULT_RUNNER_OPTIONS.pollMs,
      leaseMs: options.leaseMs ?? DEFAULT_RUNNER_OPTIONS.leaseMs,
      graceMs: options.graceMs ?? DEFAULT_RUNNER_OPTIONS.graceMs,
      abortGraceMs: options.abortGraceMs ?? DEFAULT_RUNNER_OPTIONS.abortGraceMs,
      log: options.log,
    });
  }

  async enqueue<P>(name: string, payload: P, options: EnqueueOptions = {}): Promise<void> {
    const now = new Date().toISOString();
    const inserted = await this.db
      .insertInto('jobs')
      .values({
        id: newId(),
        name,
        key: options.key ?? null,
        payload: JSON.stringify(payload ?? null),
        state: 'queued',
        attempts: 0,
        max_attempts: Math.max(1, options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS),
        run_at: new Date(options.runAt ?? Date.now()).toISOString(),
        locked_until: null,
        locked_by: null,
        last_error: null,
        created_at: now,
        updated_at: now,
      })
      // The partial unique index on (name, key) among queued jobs makes a repeat a no-op.
      .onConflict((oc) => oc.doNothing())
      .executeTakeFirst();
    // A repeat found its job still queued: a worker takes that one when a slot frees (which wakes the
    // loop anyway), so a claim query per repeat would be wasted work under a notification flood.
    if (inserted.numInsertedOrUpdatedRows !== 0n) this.runner.wake(name);
  }

  work<P>(name: string, handler: JobHandler<P>, options: { concurrency?: number } = {}): void {
    this.runner.register(name, handler as JobHandler<unknown>, options.concurrency ?? 1);
  }

  async start(): Promise<void> {
    this.runner.start();
  }

  stop(): Promise<void> {
    return this.runner.stop();
  }
}
