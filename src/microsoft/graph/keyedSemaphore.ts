/**
 * A FIFO counting semaphore per key: at most `limit` holders per key at once, waiters served in
 * arrival order. Keys with nobody holding or waiting are dropped so the map does not grow forever.
 */
export class KeyedSemaphore {
  private readonly slots = new Map<string, { active: number; waiting: Array<() => void> }>();
  private peak = 0;

  constructor(private readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new Error('semaphore limit must be a positive integer');
  }

  async run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    await this.acquire(key);
    try {
      return await fn();
    } finally {
      this.release(key);
    }
  }

  /** Highest number of holders seen for any single key. */
  peakConcurrency(): number {
    return this.peak;
  }

  active(key: string): number {
    return this.slots.get(key)?.active ?? 0;
  }

  private acquire(key: string): Promise<void> {
    let slot = this.slots.get(key);
    if (!slot) {
      slot = { active: 0, waiting: [] };
      this.slots.set(key, slot);
    }
    if (slot.active < this.limit) {
      slot.active++;
      this.peak = Math.max(this.peak, slot.active);
      return Promise.resolve();
    }
    const s = slot;
    return new Promise((resolve) => s.waiting.push(resolve));
  }

  private release(key: string): void {
    const slot = this.slots.get(key);
    if (!slot) return;
    const next = slot.waiting.shift();
    if (next) {
      // The slot passes straight to the next waiter: active stays the same.
      next();
      return;
    }
    slot.active--;
    if (slot.active === 0) this.slots.delete(key);
  }
}
