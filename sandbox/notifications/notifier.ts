import { performance } from 'node:perf_hooks';
import { postNotifications } from './delivery.js';
import type { NotificationOptions } from './options.js';
import { SlowEndpoints } from './slowEndpoints.js';
import type { NotificationStats } from './stats.js';

/** One entry of a `{"value":[...]}` collection, already in Graph's shape. */
export type NotificationItem = Record<string, unknown> & { subscriptionId: string };

export type Channel = 'change' | 'lifecycle';

interface Batch {
  channel: Channel;
  url: string;
  items: NotificationItem[];
  attempt: number;
  firstTriedAt: number;
}

/** Faults the control API injects into change-notification delivery (never into lifecycle events). */
export interface Faults {
  paused: boolean;
  dropNext: number;
  duplicateNext: number;
  reorderNext: number;
  extraDelayMs: number;
}

export interface NotifierHooks {
  /** False once a subscription is gone: its queued items are discarded. */
  isLive(subscriptionId: string): boolean;
  /** Items given up on after the retry horizon (for `missed` lifecycle events). */
  onGivenUp(channel: Channel, items: NotificationItem[]): void;
}

/**
 * Batches notifications per endpoint after a delay, POSTs them, retries with capped exponential
 * backoff until the horizon, and applies the control API's faults. Endpoints never wait on
 * each other: every POST is its own promise.
 */
export class Notifier {
  delayMs: number;
  readonly faults: Faults = { paused: false, dropNext: 0, duplicateNext: 0, reorderNext: 0, extraDelayMs: 0 };
  private readonly pending = new Map<string, { channel: Channel; url: string; items: NotificationItem[] }>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly retries = new Map<NodeJS.Timeout, Batch>();
  private held: Batch[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private readonly cancel = new AbortController();
  readonly slowEndpoints: SlowEndpoints;

  constructor(
    private readonly options: NotificationOptions,
    private readonly stats: NotificationStats,
    private readonly hooks: NotifierHooks,
    delayMs: number,
  ) {
    this.delayMs = delayMs;
    this.slowEndpoints = new SlowEndpoints(options);
  }

  enqueue(channel: Channel, url: string, item: NotificationItem): void {
    const key = `${channel} ${url}`;
    let queue = this.pending.get(key);
    if (!queue) this.pending.set(key, (queue = { channel, url, items: [] }));
    queue.items.push(item);
    this.schedule(key);
  }

  /** Items waiting for their batch delay, plus batches held for reordering or awaiting a retry. */
  queued(): { pending: number; held: number; awaitingRetry: number; inFlight: number } {
    let pending = 0;
    for (const q of this.pending.values()) pending += q.items.length;
    let awaitingRetry = 0;
    for (const b of this.retries.values()) awaitingRetry += b.items.length;
    return { pending, held: this.held.reduce((n, b) => n + b.items.length, 0), awaitingRetry, inFlight: this.inFlight.size };
  }

  pause(): void {
    this.faults.paused = true;
  }

  resume(): void {
    this.faults.paused = false;
    for (const key of this.pending.keys()) this.schedule(key);
  }

  /**
   * Delivers everything queued now: pending batches, batches held for reordering and batches
   * waiting for a retry; resolves when those attempts have been answered. Pause still holds.
   */
  async flush(): Promise<void> {
    if (!this.faults.paused) {
      for (const key of [...this.pending.keys()]) this.release(key);
      this.releaseHeld();
      for (const [timer, batch] of [...this.retries]) {
        clearTimeout(timer);
        this.retries.delete(timer);
        this.track(this.attempt(batch));
      }
    }
    while (this.inFlight.size) await Promise.allSettled([...this.inFlight]);
  }

  async close(): Promise<void> {
    for (const t of this.timers.values()) clearTimeout(t);
    for (const t of this.retries.keys()) clearTimeout(t);
    this.timers.clear();
    this.retries.clear();
    this.pending.clear();
    this.held = [];
    this.cancel.abort();
    await Promise.allSettled([...this.inFlight]);
  }

  private schedule(key: string): void {
    if (this.faults.paused || this.timers.has(key)) return;
    const queue = this.pending.get(key);
    // A slow endpoint has all its subscriptions' notifications delayed (Graph: 10 minutes).
    const slow = queue?.channel === 'change' && this.slowEndpoints.health(queue.url).state === 'delayed' ? this.options.slowDelayMs : 0;
    const timer = setTimeout(() => this.release(key), this.delayMs + this.faults.extraDelayMs + slow);
    timer.unref();
    this.timers.set(key, timer);
  }

  /** Turns a pending queue into batches and sends them, applying drop, duplicate and reorder. */
  private release(key: string): void {
    const timer = this.timers.get(key);
    if (timer) clearTimeout(timer);
    this.timers.delete(key);
    const queue = this.pending.get(key);
    this.pending.delete(key);
    if (!queue || this.faults.paused) {
      if (queue) this.pending.set(key, queue);
      return;
    }
    // Lifecycle items outlive their subscription (subscriptionRemoved is sent as it goes).
    let items = queue.channel === 'change' ? queue.items.filter((i) => this.hooks.isLive(i.subscriptionId)) : queue.items;
    const duplicates: NotificationItem[] = [];
    if (queue.channel === 'change' && items.length) {
      const state = this.slowEndpoints.health(queue.url).state;
      const ids = items.map((i) => i.subscriptionId);
      if (state === 'dropping') {
        this.stats.count(ids, 'droppedSlow');
        this.stats.count(ids, 'dropped');
        this.hooks.onGivenUp('change', items);
        return;
      }
      if (state === 'delayed') this.stats.count(ids, 'delayedSlow');
    }
    if (queue.channel === 'change') {
      items = items.filter((item) => {
        if (this.faults.dropNext <= 0) return true;
        this.faults.dropNext -= 1;
        this.stats.count([item.subscriptionId], 'dropped');
        return false;
      });
      for (const item of items) {
        if (this.faults.duplicateNext <= 0) break;
        this.faults.duplicateNext -= 1;
        duplicates.push(item);
      }
    }
    for (let i = 0; i < items.length; i += this.options.maxItemsPerPost) {
      const batch: Batch = { channel: queue.channel, url: queue.url, items: items.slice(i, i + this.options.maxItemsPerPost), attempt: 0, firstTriedAt: performance.now() };
      if (queue.channel === 'change' && this.faults.reorderNext > 0) {
        this.faults.reorderNext -= 1;
        this.held.push(batch);
        if (this.faults.reorderNext === 0) this.releaseHeld();
      } else {
        this.track(this.sendWithDuplicates(batch, i === 0 ? duplicates : []));
      }
    }
  }

  /** Held batches go out newest first, each with its items reversed, one after another. */
  private releaseHeld(): void {
    const held = this.held.reverse();
    this.held = [];
    if (!held.length) return;
    this.track(
      (async () => {
        for (const batch of held) {
          batch.items.reverse();
          batch.firstTriedAt = performance.now();
          await this.attempt(batch);
        }
      })(),
    );
  }

  private async sendWithDuplicates(batch: Batch, duplicates: NotificationItem[]): Promise<void> {
    await this.attempt(batch);
    if (!duplicates.length) return;
    this.stats.count(duplicates.map((d) => d.subscriptionId), 'duplicated');
    await this.attempt({ ...batch, items: duplicates, attempt: 0, firstTriedAt: performance.now() });
  }

  private async attempt(batch: Batch): Promise<void> {
    const ids = batch.items.map((i) => i.subscriptionId);
    const result = await postNotifications(batch.url, { value: batch.items }, this.options.deliveryTimeoutMs, this.cancel.signal);
    if (this.cancel.signal.aborted) return;
    this.stats.answered(result.ms);
    // A connection failure is no answer at all; a timeout is the slowest answer there is.
    if (result.status !== null || result.ms >= this.options.deliveryTimeoutMs) this.slowEndpoints.record(batch.url, result.ms);
    if (result.ms > this.options.slowThresholdMs) this.stats.count(ids, 'slow');
    if (result.ok) {
      this.stats.count(ids, 'sent');
      return;
    }
    this.stats.count(ids, 'failed');
    const backoff = Math.min(this.options.retryBaseMs * 2 ** batch.attempt, this.options.retryMaxMs);
    if (performance.now() + backoff - batch.firstTriedAt > this.options.retryHorizonMs) {
      this.stats.count(ids, 'dropped');
      this.hooks.onGivenUp(batch.channel, batch.items);
      return;
    }
    this.stats.count(ids, 'retried');
    this.scheduleRetry({ ...batch, attempt: batch.attempt + 1 }, backoff);
  }

  /** While paused, a due retry waits another backoff period instead of POSTing. */
  private scheduleRetry(batch: Batch, afterMs: number): void {
    const timer = setTimeout(() => {
      this.retries.delete(timer);
      if (this.faults.paused) this.scheduleRetry(batch, afterMs);
      else this.track(this.attempt(batch));
    }, afterMs);
    timer.unref();
    this.retries.set(timer, batch);
  }

  private track(p: Promise<void>): void {
    this.inFlight.add(p);
    void p.finally(() => this.inFlight.delete(p));
  }
}
