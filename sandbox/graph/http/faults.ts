import type { GraphState } from '../state.js';
import { GraphError } from './errors.js';

const CODES: Record<number, [string, string]> = {
  429: ['TooManyRequests', 'Too many requests. Please retry after the time specified in the Retry-After header.'],
  500: ['generalException', 'An unspecified error has occurred.'],
  503: ['serviceNotAvailable', 'The service is temporarily unavailable. Please retry later.'],
};

/** Throws the injected failure if the mailbox has one pending, consuming one of its N calls. */
export function takeFault(state: GraphState, mailbox: string): void {
  const fault = state.faults.get(mailbox);
  if (!fault || fault.remaining <= 0) return;
  fault.remaining -= 1;
  if (fault.remaining <= 0) state.faults.delete(mailbox);
  state.stats.faultsServed += 1;
  const [code, message] = CODES[fault.status] ?? ['generalException', 'An unspecified error has occurred.'];
  const headers: Record<string, string> = fault.retryAfter !== undefined ? { 'Retry-After': String(fault.retryAfter) } : {};
  throw new GraphError(fault.status, code, message, headers);
}
