/** Runs tasks with the same key one after another in this process (one sync run per mailbox at a time). */
export class KeyedLock {
  private readonly tails = new Map<string, Promise<unknown>>();
  private readonly waiting = new Map<string, Promise<unknown>>();
  private readonly lastStart = new Map<string, number>();

  async run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const mine = previous.catch(() => undefined).then(task);
    const tail = mine.catch(() => undefined);
    this.tails.set(key, tail);
    try {
      return await mine;
    } finally {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }

  /**
   * Like run(), but a call made while an earlier call with the same `shareKey` is still waiting for
   * the lock shares that call's run (and its outcome) instead of queueing another one. That is safe
   * for work that reads its input when it starts: the waiting run has not started yet, so it sees
   * everything committed before this call. A notification flood then costs one run per lock turn.
   */
  /** True while a runShared() call with this share key waits to start (it will read what is committed now). */
  isWaiting(shareKey: string): boolean {
    return this.waiting.has(shareKey);
  }

  runShared<T>(key: string, shareKey: string, task: () => Promise<T>, minGapMs = 0): Promise<T> {
    const queued = this.waiting.get(shareKey);
    if (queued) return queued as Promise<T>;
    const mine: Promise<T> = this.run(key, async () => {
      // Runs start at most once per minGapMs per key; calls arriving meanwhile keep sharing this one.
      const wait = (this.lastStart.get(key) ?? 0) + minGapMs - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      this.lastStart.set(key, Date.now());
      // Started: from now on a new call must queue a run of its own.
      if (this.waiting.get(shareKey) === mine) this.waiting.delete(shareKey);
      return task();
    });
    this.waiting.set(shareKey, mine);
    return mine;
  }
}
