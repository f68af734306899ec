import type { SandboxContext } from '../core/context.js';

export interface Fault {
  status: 429 | 500 | 503;
  remaining: number;
  retryAfter?: number;
}

export interface ReplaySettings {
  /** off: never; random: with `probability` per page; always: every nextLink repeats items. */
  mode: 'off' | 'random' | 'always';
  probability: number;
  /** When on, a round may hand out an empty page that still carries a nextLink. */
  emptyPages: boolean;
}

export interface GraphStats {
  callsByEndpoint: Map<string, number>;
  peakConcurrencyByMailbox: Map<string, number>;
  throttled: number;
  throttledByMailbox: Map<string, number>;
  faultsServed: number;
  /** Recent handler times per endpoint (wall and CPU ms), newest last, at most 200 each. */
  handlerTimes: Map<string, Array<{ wallMs: number; cpuMs: number }>>;
}

/**
 * The Graph module's process-local state: what the control API tunes and what throttling counts.
 * Mailbox data lives in SQLite; this is only what Outlook itself would keep in memory.
 */
export interface GraphState {
  faults: Map<string, Fault>;
  replays: ReplaySettings;
  stats: GraphStats;
  /** In-flight requests per `${appId}|${mailboxUserId}`. */
  inFlight: Map<string, number>;
  /** Fixed 10-minute windows per `${appId}|${mailboxUserId}`. */
  budget: Map<string, { windowStart: number; used: number }>;
}

export const emptyStats = (): GraphStats => ({
  callsByEndpoint: new Map(),
  peakConcurrencyByMailbox: new Map(),
  throttled: 0,
  throttledByMailbox: new Map(),
  faultsServed: 0,
  handlerTimes: new Map(),
});

const states = new WeakMap<SandboxContext, GraphState>();

export function graphState(ctx: SandboxContext): GraphState {
  let s = states.get(ctx);
  if (!s) {
    s = {
      faults: new Map(),
      replays: { mode: 'random', probability: 0.05, emptyPages: false },
      stats: emptyStats(),
      inFlight: new Map(),
      budget: new Map(),
    };
    states.set(ctx, s);
  }
  return s;
}
