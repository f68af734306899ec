import type { NotificationOptions } from './options.js';

export type EndpointState = 'normal' | 'delayed' | 'dropping';

export interface EndpointHealth {
  /** Answers (POSTs answered or timed out) inside the window. */
  answers: number;
  slow: number;
  slowRatio: number;
  state: EndpointState;
}

/**
 * Graph's throttling of slow webhook endpoints: once an endpoint has had `slowMinNotifications`
 * answers, a share of slow answers (over `slowThresholdMs`) of `slowDelayRatio` or more puts all
 * of its subscriptions on a `slowDelayMs` delay, and `slowDropRatio` or more makes Graph drop
 * them. Answers count over a sliding `slowWindowMs`, so an endpoint that gets faster (or goes
 * quiet) recovers. An endpoint is the notification URL without its query.
 */
export class SlowEndpoints {
  private readonly answers = new Map<string, Array<{ at: number; slow: boolean }>>();

  constructor(
    private readonly options: NotificationOptions,
    private readonly now: () => number = Date.now,
  ) {}

  static endpointOf(url: string): string {
    try {
      const u = new URL(url);
      return `${u.origin}${u.pathname}`;
    } catch {
      return url;
    }
  }

  record(url: string, ms: number): void {
    const key = SlowEndpoints.endpointOf(url);
    let list = this.answers.get(key);
    if (!list) this.answers.set(key, (list = []));
    list.push({ at: this.now(), slow: ms > this.options.slowThresholdMs });
    this.prune(key, list);
  }

  health(url: string): EndpointHealth {
    const key = SlowEndpoints.endpointOf(url);
    const list = this.answers.get(key) ?? [];
    this.prune(key, list);
    const answers = list.length;
    const slow = list.filter((a) => a.slow).length;
    const slowRatio = answers ? slow / answers : 0;
    let state: EndpointState = 'normal';
    if (answers >= this.options.slowMinNotifications) {
      if (slowRatio >= this.options.slowDropRatio) state = 'dropping';
      else if (slowRatio >= this.options.slowDelayRatio) state = 'delayed';
    }
    return { answers, slow, slowRatio: Math.round(slowRatio * 1000) / 1000, state };
  }

  snapshot(): Record<string, EndpointHealth> {
    return Object.fromEntries([...this.answers.keys()].map((k) => [k, this.health(k)]));
  }

  reset(): void {
    this.answers.clear();
  }

  private prune(key: string, list: Array<{ at: number }>): void {
    const since = this.now() - this.options.slowWindowMs;
    let drop = 0;
    while (drop < list.length && list[drop]!.at < since) drop += 1;
    if (drop) list.splice(0, drop);
    if (!list.length) this.answers.delete(key);
  }
}
