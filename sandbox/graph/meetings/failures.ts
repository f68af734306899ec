import type { SandboxContext } from '../../core/context.js';
import { GraphError } from '../http/errors.js';

/** The answers a failing create can give, as Graph words them. */
export const FAILURES: Record<number, [string, string]> = {
  400: ['AuthenticationError', 'Error authenticating with resource'],
  403: ['Forbidden', 'Forbidden'],
  429: ['TooManyRequests', 'Too many requests. Please retry after the time specified in the Retry-After header.'],
  500: ['generalException', 'An unspecified error has occurred.'],
  503: ['serviceNotAvailable', 'The service is temporarily unavailable. Please retry later.'],
};

export interface MeetingFailure {
  status: number;
  /** Creates still to fail; null fails every create until cleared (a lost licence rather than an outage). */
  remaining: number | null;
  retryAfter?: number;
}

const states = new WeakMap<SandboxContext, Map<string, MeetingFailure>>();

export function meetingFailures(ctx: SandboxContext): Map<string, MeetingFailure> {
  let m = states.get(ctx);
  if (!m) states.set(ctx, (m = new Map()));
  return m;
}

/**
 * Fails this create if the control API asked for it. Unlike the mailbox faults (every endpoint
 * of a mailbox), this reaches only POST /onlineMeetings, so a client's other calls keep working.
 */
export function takeMeetingFailure(ctx: SandboxContext, userId: string): void {
  const failures = meetingFailures(ctx);
  const f = failures.get(userId);
  if (!f) return;
  if (f.remaining !== null && --f.remaining <= 0) failures.delete(userId);
  const [code, message] = FAILURES[f.status]!;
  throw new GraphError(f.status, code, message, f.retryAfter !== undefined ? { 'Retry-After': String(f.retryAfter) } : {});
}
