interface Waiter {
  weight: number;
  grant: () => void;
}

interface Slot {
  active: number;
  waiting: Waiter[];
}

/**
 * A weighted FIFO semaphore per key: at most `limit` units held per key at once. A holder takes
 * all its units at once or none, so two waiters can never each hold part of what the other needs.
 * Waiters are served strictly in arrival order: a heavy waiter at the head holds back lighter
 * ones behind it, which would otherwise keep slipping past it into every unit freed. Keys with
 * nobody holding or waiting are dropped so the map does not grow forever.
 */
export class KeyedSemaphore {
  private readonly slots = new Map<string, Slot>();
  private peak = 0;

  constructor(private readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new Error('semaphore limit must be a positive integer');
  }

  /** Runs `fn` holding `weight` units of `key`; a weight above the limit takes the whole limit, or it would never run. */
  async run<T>(key: string, fn: () => Promise<T>, weight = 1): Promise<T> {
    const units = this.units(weight);
    await this.acquire(key, units);
    try {
      return await fn();
    } finally {
      this.release(key, units);
    }
  }

  /** Highest number of units seen held for any single key. */
  peakConcurrency(): number {
    return this.peak;
  }

  /** Units held for `key` now. */
  active(key: string): number {
    return this.slots.get(key)?.active ?? 0;
  }

  /** Callers waiting for `key` now. */
  waiting(key: string): number {
    return this.slots.get(key)?.waiting.length ?? 0;
  }

  private units(weight: number): number {
    if (!Number.isFinite(weight)) throw new Error('semaphore weight must be a finite number');
    return Math.min(this.limit, Math.max(1, Math.ceil(weight)));
  }

  private acquire(key: string, units: number): Promise<void> {
    let slot = this.slots.get(key);
    if (!slot) {
      slot = { active: 0, waiting: [] };
      this.slots.set(key, slot);
    }
    if (slot.waiting.length === 0 && slot.active + units <= this.limit) {
      this.take(slot, units);
      return Promise.resolve();
    }
    const s = slot;
    return new Promise((grant) => s.waiting.push({ weight: units, grant }));
  }

  private release(key: string, units: number): void {
    const slot = this.slots.get(key);
    if (!slot) return;
    slot.active -= units;
    for (let head = slot.waiting[0]; head && slot.active + head.weight <= this.limit; head = slot.waiting[0]) {
      slot.waiting.shift();
      this.take(slot, head.weight);
      head.grant();
    }
    if (slot.active === 0 && slot.waiting.length === 0) this.slots.delete(key);
  }

  private take(slot: Slot, units: number): void {
    slot.active += units;
    this.peak = Math.max(this.peak, slot.active);
  }
}
