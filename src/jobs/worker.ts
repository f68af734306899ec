import type { ProcessRole } from '../config/env.js';
import type { JobHandler, Queue } from './queue.js';

export interface JobDefinition {
  // A handler of any payload type fits here: never is assignable to every payload type.
  handler: JobHandler<never>;
  concurrency?: number;
}

/** Every job this process knows, by name. */
export type JobHandlers = Record<string, JobDefinition>;

/** True when a process in this role runs background jobs (web-only processes just enqueue). */
export function runsWorkers(role: ProcessRole): boolean {
  return role === 'worker' || role === 'all';
}

/**
 * Starts the queue for this process: every role may enqueue, only worker roles take jobs.
 * Returns whether workers were started. Call queue.stop() on SIGTERM to drain.
 */
export async function startWorkers(role: ProcessRole, queue: Queue, handlers: JobHandlers): Promise<boolean> {
  const working = runsWorkers(role);
  if (working) {
    for (const [name, def] of Object.entries(handlers)) {
      queue.work(name, def.handler, { concurrency: def.concurrency });
    }
  }
  await queue.start();
  return working;
}
