export interface Counters {
  /** Items delivered with a 2xx answer. */
  sent: number;
  /** Items in attempts that failed (non-2xx, timeout, connection error). */
  failed: number;
  /** Items scheduled for another attempt. */
  retried: number;
  /** Items given up on (retry horizon passed, or dropped by the control API). */
  dropped: number;
  /** Items delivered a second time by the control API. */
  duplicated: number;
  /** Items whose answer came slower than the slow threshold. */
  slow: number;
  /** Items held back by slow-endpoint throttling (the endpoint's slow share passed slowDelayRatio). */
  delayedSlow: number;
  /** Items dropped by slow-endpoint throttling (slow share at or above slowDropRatio); also counted in `dropped`. */
  droppedSlow: number;
}

const zero = (): Counters => ({ sent: 0, failed: 0, retried: 0, dropped: 0, duplicated: 0, slow: 0, delayedSlow: 0, droppedSlow: 0 });
const KEEP_TIMES = 2_000;

/** Delivery statistics, per subscription and in total, with answer-time percentiles. */
export class NotificationStats {
  private total = zero();
  private posts = 0;
  private readonly bySubscription = new Map<string, Counters>();
  private times: number[] = [];

  count(subscriptionIds: readonly string[], field: keyof Counters): void {
    for (const id of subscriptionIds) {
      this.total[field] += 1;
      let c = this.bySubscription.get(id);
      if (!c) this.bySubscription.set(id, (c = zero()));
      c[field] += 1;
    }
  }

  answered(ms: number): void {
    this.posts += 1;
    this.times.push(ms);
    if (this.times.length > KEEP_TIMES) this.times = this.times.slice(-KEEP_TIMES);
  }

  forSubscription(id: string): Counters {
    return { ...(this.bySubscription.get(id) ?? zero()) };
  }

  reset(): void {
    this.total = zero();
    this.posts = 0;
    this.bySubscription.clear();
    this.times = [];
  }

  snapshot(): { total: Counters; posts: number; answerTimesMs: Record<string, number>; bySubscription: Record<string, Counters> } {
    const sorted = [...this.times].sort((a, b) => a - b);
    const pick = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
    const avg = sorted.length ? sorted.reduce((a, b) => a + b, 0) / sorted.length : 0;
    return {
      total: { ...this.total },
      posts: this.posts,
      answerTimesMs: { count: sorted.length, min: sorted[0] ?? 0, avg: Math.round(avg * 10) / 10, p50: pick(0.5), p95: pick(0.95), max: sorted.at(-1) ?? 0 },
      bySubscription: Object.fromEntries([...this.bySubscription].map(([id, c]) => [id, { ...c }])),
    };
  }
}
