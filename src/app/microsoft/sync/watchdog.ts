import { MicrosoftError } from '../../../microsoft/graph/errors.js';

/**
 * A run that has not made progress for `staleMs` is stale: its signal aborts and `guard` rejects,
 * so the job fails and the queue starts it again from the saved cursor (lessons: stuck "importing").
 */
export class Watchdog {
  private last = Date.now();
  private readonly controller = new AbortController();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly staleMs: number) {}

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  beat(): void {
    this.last = Date.now();
  }

  async guard<T>(work: Promise<T>): Promise<T> {
    const stale = new Promise<never>((_, reject) => {
      this.timer = setInterval(() => {
        if (Date.now() - this.last > this.staleMs) {
          this.controller.abort();
          reject(new MicrosoftError('transient', `sync made no progress for ${Math.round(this.staleMs / 1000)} s; restarting it`));
        }
      }, Math.min(this.staleMs, 5_000));
      this.timer.unref();
    });
    try {
      return await Promise.race([work, stale]);
    } finally {
      clearInterval(this.timer);
    }
  }
}
