/**
 * Per-key serialization with sharing: operations on one key run one at a time, and a caller whose
 * request is covered by the shareable operation already in flight (same or greater strength) joins
 * it instead of starting another. Concurrent token requests for an account thus share one refresh.
 */
export class SingleFlight {
  private readonly inFlight = new Map<string, { strength: number; shareable: boolean; promise: Promise<unknown> }>();

  async run<T>(key: string, strength: number, fn: () => Promise<T>): Promise<T> {
    return this.start(key, strength, true, fn);
  }

  /** Runs fn alone for this key and never lets another caller join it. */
  async exclusive<T>(key: string, fn: () => Promise<T>): Promise<T> {
    return this.start(key, 0, false, fn);
  }

  private async start<T>(key: string, strength: number, shareable: boolean, fn: () => Promise<T>): Promise<T> {
    for (;;) {
      const current = this.inFlight.get(key);
      if (!current) break;
      if (shareable && current.shareable && current.strength >= strength) return current.promise as Promise<T>;
      await current.promise.catch(() => undefined);
    }
    // No await between the check above and the set below: the slot is claimed atomically.
    const promise: Promise<T> = fn().finally(() => {
      if (this.inFlight.get(key)?.promise === promise) this.inFlight.delete(key);
    });
    this.inFlight.set(key, { strength, shareable, promise });
    return promise;
  }
}
