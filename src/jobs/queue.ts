/**
 * The one queue interface every background job goes through. Embedded mode keeps jobs in the
 * SQLite database; PostgreSQL mode uses pg-boss, so web and worker processes on several
 * machines share one queue.
 */
export interface EnqueueOptions {
  /**
   * Idempotency key: while a job with the same name and key is queued (not yet started), another
   * enqueue is a no-op. This is what coalesces a burst of notifications into one sync run. Once
   * that job has started (or waits for a retry), a new enqueue queues one new run, so a change
   * arriving mid-run is never missed.
   */
  key?: string;
  /** Earliest start, ms since epoch. */
  runAt?: number;
  /** Attempts before the job is given up (default 5). */
  maxAttempts?: number;
}

export interface JobContext {
  id: string;
  attempt: number;
  signal: AbortSignal;
}

export type JobHandler<P> = (payload: P, job: JobContext) => Promise<void>;

export interface Queue {
  enqueue<P>(name: string, payload: P, options?: EnqueueOptions): Promise<void>;
  /** Registers the handler for a job name; jobs run only in processes that called work(). */
  work<P>(name: string, handler: JobHandler<P>, options?: { concurrency?: number }): void;
  start(): Promise<void>;
  /**
   * Stops taking jobs and waits for running ones to finish (SIGTERM drain); after a grace period
   * their signal is aborted, and a job that still does not end is left to run again elsewhere
   * once its lease expires.
   */
  stop(): Promise<void>;
}
