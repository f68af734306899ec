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

export function statsSnapshot(state: GraphState) {
  return {
    callsByEndpoint: Object.fromEntries(state.stats.callsByEndpoint),
    peakConcurrencyByMailbox: Object.fromEntries(state.stats.peakConcurrencyByMailbox),
    throttled: state.stats.throttled,
    throttledByMailbox: Object.fromEntries(state.stats.throttledByMailbox),
    faultsServed: state.stats.faultsServed,
  };
}
