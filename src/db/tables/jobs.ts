/** The embedded (SQLite) job queue's table (migration 0002). PostgreSQL mode uses pg-boss's own schema. */

/**
 * queued: waiting for its first run. running: claimed, with a lease. retry: failed, waiting for
 * its next attempt. failed: gave up after max_attempts (kept for inspection). Finished jobs are deleted.
 */
export type JobState = 'queued' | 'running' | 'retry' | 'failed';

export interface JobsTable {
  id: string;
  name: string;
  /** Idempotency key: unique per name among queued jobs only. */
  key: string | null;
  /** JSON text. */
  payload: string;
  state: JobState;
  attempts: number;
  max_attempts: number;
  /** ISO-8601: earliest next start. */
  run_at: string;
  /** ISO-8601: a running job whose lease has passed is claimed again (its worker died). */
  locked_until: string | null;
  /** Claim token: completions from a worker that lost its lease are ignored. */
  locked_by: string | null;
  last_error: string | null;
  created_at: string;
  updated_at: string;
}

export interface JobsTables {
  jobs: JobsTable;
}
