import type { Logger } from '../lib/log.js';
import type { JobHandler } from './queue.js';

/** A job a store handed to this process, with the lease that makes it ours for now. */
export interface ClaimedJob {
  id: string;
  name: string;
  payload: unknown;
  /** 1 on the first run. */
  attempt: number;
  maxAttempts: number;
  /** Identifies this claim: a store ignores completions of a claim it has since given to another worker. */
  token: string;
}

/** What a queue backend provides; the runner owns polling, concurrency, leases and draining. */
export interface JobStore {
  claim(name: string, limit: number, leaseMs: number): Promise<ClaimedJob[]>;
  complete(job: ClaimedJob): Promise<void>;
  /** Schedules the next attempt (with backoff) or records the failure for good. */
  fail(job: ClaimedJob, error: unknown): Promise<void>;
  extend(job: ClaimedJob, leaseMs: number): Promise<void>;
}

export interface RunnerOptions {
  /** How often an idle worker looks for jobs enqueued by other processes. */
  pollMs: number;
  /** A claimed job is ours for this long; running jobs renew it every third of it. */
  leaseMs: number;
  /** stop() waits this long for running jobs before aborting their signal... */
  graceMs: number;
  /** ...and this much longer before leaving them to lease expiry (as if the process had died). */
  abortGraceMs: number;
  log: Logger | undefined;
}

export const DEFAULT_RUNNER_OPTIONS: Omit<RunnerOptions, 'log'> = {
  pollMs: 250,
  leaseMs: 60_000,
  graceMs: 20_000,
  abortGraceMs: 5_000,
};

interface Running {
  job: ClaimedJob;
  controller: AbortController;
  heartbeat: NodeJS.Timeout;
  abandoned: boolean;
  done: Promise<void>;
}

interface Registration {
  name: string;
  handler: JobHandler<unknown>;
  concurrency: number;
  running: Set<Running>;
  wakePending: boolean;
  wake: (() => void) | undefined;
  loop: Promise<void> | undefined;
}

export function errorText(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.slice(0, 4000);
}

/** Resolves true when every promise settled within ms, false on timeout. */
async function settledWithin(promises: Promise<unknown>[], ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  const all = Promise.allSettled(promises).then(() => true);
  try {
    return await Promise.race([all, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Per-name worker loops over a JobStore: shared by the SQLite and pg-boss queues. */
export class JobRunner {
  private readonly registrations = new Map<string, Registration>();
  private started = false;
  private stopping = false;

  constructor(
    private readonly store: JobStore,
    private readonly options: RunnerOptions,
  ) {}

  register(name: string, handler: JobHandler<unknown>, concurrency: number): void {
    if (this.registrations.has(name)) throw new Error(`a handler for job "${name}" is already registered`);
    const reg: Registration = {
      name,
      handler,
      concurrency: Math.max(1, Math.floor(concurrency)),
      running: new Set(),
      wakePending: false,
      wake: undefined,
      loop: undefined,
    };
    this.registrations.set(name, reg);
    if (this.started && !this.stopping) reg.loop = this.loop(reg);
  }

  names(): string[] {
    return [...this.registrations.keys()];
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    for (const reg of this.registrations.values()) reg.loop = this.loop(reg);
  }

  /** A local enqueue: look now instead of at the next poll. */
  wake(name: string): void {
    const reg = this.registrations.get(name);
    if (!reg) return;
    reg.wakePending = true;
    reg.wake?.();
  }

  async stop(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    const regs = [...this.registrations.values()];
    for (const reg of regs) reg.wake?.();
    await Promise.all(regs.map((r) => r.loop));

    const running = regs.flatMap((r) => [...r.running]);
    if (await settledWithin(running.map((r) => r.done), this.options.graceMs)) return;
    for (const r of running) r.controller.abort(new Error('shutting down'));
    if (await settledWithin(running.map((r) => r.done), this.options.abortGraceMs)) return;
    for (const r of running) {
      if (!r.abandoned) this.abandon(r);
    }
  }

  private abandon(r: Running): void {
    r.abandoned = true;
    clearInterval(r.heartbeat);
    this.options.log?.warn({ job: r.job.name, jobId: r.job.id }, 'job did not stop in time; it runs again after its lease');
  }

  private async loop(reg: Registration): Promise<void> {
    while (!this.stopping) {
      const free = reg.concurrency - reg.running.size;
      if (free > 0) {
        try {
          const jobs = await this.store.claim(reg.name, free, this.options.leaseMs);
          for (const job of jobs) this.run(reg, job);
        } catch (error) {
          this.options.log?.error({ job: reg.name, err: error }, 'claiming jobs failed');
        }
      }
      if (this.stopping) break;
      await this.sleep(reg);
    }
  }

  private sleep(reg: Registration): Promise<void> {
    if (reg.wakePending) {
      reg.wakePending = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const timer = setTimeout(done, this.options.pollMs);
      function done(): void {
        clearTimeout(timer);
        reg.wake = undefined;
        reg.wakePending = false;
        resolve();
      }
      reg.wake = done;
    });
  }

  private run(reg: Registration, job: ClaimedJob): void {
    const { store, options } = this;
    const controller = new AbortController();
    const heartbeat = setInterval(() => {
      store.extend(job, options.leaseMs).catch((err: unknown) => options.log?.warn({ err, jobId: job.id }, 'lease renewal failed'));
    }, Math.max(50, Math.floor(options.leaseMs / 3)));
    const entry: Running = { job, controller, heartbeat, abandoned: false, done: Promise.resolve() };
    reg.running.add(entry);
    entry.done = (async () => {
      let failure: { error: unknown } | undefined;
      try {
        await reg.handler(job.payload, { id: job.id, attempt: job.attempt, signal: controller.signal });
      } catch (error) {
        failure = { error };
      }
      clearInterval(heartbeat);
      if (entry.abandoned) return;
      try {
        if (failure) {
          options.log?.warn({ job: job.name, jobId: job.id, attempt: job.attempt, err: failure.error }, 'job failed');
          await store.fail(job, failure.error);
        } else {
          await store.complete(job);
        }
      } catch (error) {
        options.log?.error({ job: job.name, jobId: job.id, err: error }, 'recording the job outcome failed');
      }
    })().finally(() => {
      reg.running.delete(entry);
      this.wake(reg.name);
    });
  }
}
