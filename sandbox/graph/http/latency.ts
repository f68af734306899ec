import { setTimeout as sleep } from 'node:timers/promises';
import type { SandboxContext } from '../../core/context.js';

/** Artificial service time, so that concurrency limits and client timeouts can be exercised. */
export async function addLatency(ctx: SandboxContext): Promise<void> {
  const ms = ctx.config.graphLatencyMs;
  if (ms > 0) await sleep(ms);
}
