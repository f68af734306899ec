import type { SandboxContext } from '../core/context.js';
import type { ResourceChange } from '../core/events.js';
import { lifecycleItem, reauthDeadlineDue, supportsEvent, type LifecycleEvent } from './lifecycle.js';
import { changeItem, matches } from './matcher.js';
import { Notifier, type Channel, type NotificationItem } from './notifier.js';
import { defaultNotificationOptions, type NotificationOptions } from './options.js';
import { NotificationStats } from './stats.js';
import { SubscriptionStore, type Subscription } from './store.js';

/** The subscription engine of one sandbox: store, notifier, statistics and the periodic tick. */
export class NotificationEngine {
  readonly store: SubscriptionStore;
  readonly stats = new NotificationStats();
  readonly notifier: Notifier;
  readonly options: NotificationOptions;
  private unsubscribe: (() => void) | null = null;
  private ticker: NodeJS.Timeout | null = null;

  constructor(
    private readonly ctx: SandboxContext,
    options: Partial<NotificationOptions> = {},
  ) {
    this.options = { ...defaultNotificationOptions, ...options };
    this.store = new SubscriptionStore(ctx.db);
    this.notifier = new Notifier(this.options, this.stats, {
      isLive: (id) => {
        const sub = this.store.get(id);
        return !!sub && sub.expiresAt > this.ctx.now();
      },
      onGivenUp: (channel, items) => this.givenUp(channel, items),
    }, ctx.config.notificationDelayMs);
  }

  start(): void {
    if (this.unsubscribe) return;
    this.unsubscribe = this.ctx.bus.subscribe((change) => this.onChange(change));
    this.restartTicker();
  }

  restartTicker(): void {
    if (this.ticker) clearInterval(this.ticker);
    this.ticker = setInterval(() => this.tick(), this.options.tickIntervalMs);
    this.ticker.unref();
  }

  onChange(change: ResourceChange): void {
    const now = this.ctx.now();
    for (const sub of this.store.forUser(change.userId)) {
      if (matches(sub, change, now)) this.notifier.enqueue('change', sub.notificationUrl, changeItem(sub, change));
    }
  }

  /**
   * Queues a lifecycle notification; false when the subscription has no lifecycle URL (Graph
   * then sends nothing). subscriptionRemoved also removes the subscription.
   */
  fireLifecycle(sub: Subscription, event: LifecycleEvent): boolean {
    if (event === 'subscriptionRemoved') this.store.delete(sub.id);
    if (!sub.lifecycleUrl || !supportsEvent(sub, event)) return false;
    this.notifier.enqueue('lifecycle', sub.lifecycleUrl, lifecycleItem(sub, event));
    return true;
  }

  /**
   * What Graph does after a password reset or a revoked grant: every subscription of the user
   * is removed, with subscriptionRemoved sent where a lifecycle URL was given. Returns how many.
   */
  removeAllForUser(userId: string): number {
    const subs = this.store.forUser(userId);
    for (const sub of subs) this.fireLifecycle(sub, 'subscriptionRemoved');
    return subs.length;
  }

  /** Removes expired subscriptions and sends due reauthorization challenges. */
  tick(): void {
    const now = this.ctx.now();
    this.store.reapExpired(now);
    for (const sub of this.store.all()) {
      const deadline = reauthDeadlineDue(sub, now, this.options.reauthLeadMs);
      if (deadline === null) continue;
      this.store.markReauthNotified(sub.id, deadline);
      this.fireLifecycle(sub, 'reauthorizationRequired');
    }
  }

  async close(): Promise<void> {
    this.unsubscribe?.();
    this.unsubscribe = null;
    if (this.ticker) clearInterval(this.ticker);
    this.ticker = null;
    await this.notifier.close();
  }

  /** Change notifications Graph gave up on are announced with `missed`, once per subscription. */
  private givenUp(channel: Channel, items: NotificationItem[]): void {
    if (channel !== 'change') return;
    for (const id of new Set(items.map((i) => i.subscriptionId))) {
      const sub = this.store.get(id);
      if (sub) this.fireLifecycle(sub, 'missed');
    }
  }
}

const engines = new WeakMap<SandboxContext, NotificationEngine>();

/** The Graph listener and the control listener share one engine per sandbox context. */
export function engineFor(ctx: SandboxContext, options?: Partial<NotificationOptions>): NotificationEngine {
  let engine = engines.get(ctx);
  if (!engine) engines.set(ctx, (engine = new NotificationEngine(ctx, options)));
  else if (options) Object.assign(engine.options, options);
  return engine;
}
