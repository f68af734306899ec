import type { GraphState } from '../state.js';

export function countCall(state: GraphState, endpoint: string): void {
  const m = state.stats.callsByEndpoint;
  m.set(endpoint, (m.get(endpoint) ?? 0) + 1);
}

export function notePeak(state: GraphState, mailbox: string, concurrent: number): void {
  const m = state.stats.peakConcurrencyByMailbox;
  if ((m.get(mailbox) ?? 0) < concurrent) m.set(mailbox, concurrent);
}

export function countThrottled(state: GraphState, mailbox: string): void {
  state.stats.throttled += 1;
  state.stats.throttledByMailbox.set(mailbox, (state.stats.throttledByMailbox.get(mailbox) ?? 0) + 1);
}

/** Records how long a handler took (after throttling and artificial latency): the sandbox's own cost. */
export function recordHandlerTime(state: GraphState, endpoint: string, wallMs: number, cpuMs: number): void {
  let list = state.stats.handlerTimes.get(endpoint);
  if (!list) state.stats.handlerTimes.set(endpoint, (list = []));
  list.push({ wallMs, cpuMs });
  if (list.length > 200) list.shift();
}

const median = (xs: number[]) => (xs.length ? [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]! : 0);

export function statsSnapshot(state: GraphState) {
  return {
    callsByEndpoint: Object.fromEntries(state.stats.callsByEndpoint),
    peakConcurrencyByMailbox: Object.fromEntries(state.stats.peakConcurrencyByMailbox),
    throttled: state.stats.throttled,
    throttledByMailbox: Object.fromEntries(state.stats.throttledByMailbox),
    faultsServed: state.stats.faultsServed,
    handlerTimes: Object.fromEntries([...state.stats.handlerTimes].map(([k, v]) => [k, {
      samples: v.length,
      medianWallMs: median(v.map((t) => t.wallMs)),
      medianCpuMs: median(v.map((t) => t.cpuMs)),
      maxWallMs: Math.max(...v.map((t) => t.wallMs)),
    }])),
  };
}
