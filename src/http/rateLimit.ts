/**
 * Counts failures per key in a fixed window, in memory. Enough to slow password guessing
 * against one account from one address; per process, which is acceptable for this purpose.
 */
export class FailureLimiter {
  private readonly entries = new Map<string, { count: number; resetAt: number }>();

  constructor(
    private readonly maxFailures: number,
    private readonly windowMs: number,
  ) {}

  blocked(key: string, now = Date.now()): boolean {
    const entry = this.entries.get(key);
    if (!entry) return false;
    if (entry.resetAt <= now) {
      this.entries.delete(key);
      return false;
    }
    return entry.count >= this.maxFailures;
  }

  fail(key: string, now = Date.now()): void {
    const entry = this.entries.get(key);
    if (!entry || entry.resetAt <= now) {
      if (this.entries.size > 10_000) this.sweep(now);
      this.entries.set(key, { count: 1, resetAt: now + this.windowMs });
    } else {
      entry.count += 1;
    }
  }

  reset(key: string): void {
    this.entries.delete(key);
  }

  private sweep(now: number): void {
    for (const [key, entry] of this.entries) if (entry.resetAt <= now) this.entries.delete(key);
  }
}

/** At most `max` requests per key in a fixed window, in memory (per process): for public, unauthenticated routes. */
export class RequestLimiter {
  // A request counted is a "failure" against the budget: the same fixed-window bookkeeping.
  private readonly inner: FailureLimiter;

  constructor(max: number, windowMs: number) {
    this.inner = new FailureLimiter(max, windowMs);
  }

  /** Counts this request; false when the key is over its budget. */
  take(key: string, now = Date.now()): boolean {
    if (this.inner.blocked(key, now)) return false;
    this.inner.fail(key, now);
    return true;
  }
}
