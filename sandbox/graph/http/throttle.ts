import type { SandboxContext } from '../../core/context.js';
import type { GraphState } from '../state.js';
import { GraphError } from './errors.js';
import { countThrottled, notePeak } from './stats.js';

const WINDOW_MS = 10 * 60 * 1000;

/**
 * Outlook's limits, per app per mailbox: at most `mailboxConcurrency` requests in flight, and a
 * request budget per 10-minute window. Returns a release function for the concurrency slot.
 */
export function admit(ctx: SandboxContext, state: GraphState, appId: string, mailbox: string): () => void {
  const key = `${appId}|${mailbox}`;
  const now = ctx.now();
  let window = state.budget.get(key);
  if (!window || now - window.windowStart >= WINDOW_MS) {
    window = { windowStart: now, used: 0 };
    state.budget.set(key, window);
  }
  if (window.used >= ctx.config.mailboxRequestBudget) {
    countThrottled(state, mailbox);
    const retryAfter = Math.max(1, Math.ceil((window.windowStart + WINDOW_MS - now) / 1000));
    throw throttled(retryAfter, 'Application is over its request budget for this mailbox.');
  }
  const current = state.inFlight.get(key) ?? 0;
  if (current >= ctx.config.mailboxConcurrency) {
    countThrottled(state, mailbox);
    throw throttled(1, 'Application is over its MailboxConcurrency limit.');
  }
  window.used += 1;
  state.inFlight.set(key, current + 1);
  notePeak(state, mailbox, current + 1);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    const n = (state.inFlight.get(key) ?? 1) - 1;
    if (n <= 0) state.inFlight.delete(key);
    else state.inFlight.set(key, n);
  };
}

function throttled(retryAfter: number, message: string): GraphError {
  return new GraphError(429, 'ApplicationThrottled', message, { 'Retry-After': String(retryAfter) });
}
