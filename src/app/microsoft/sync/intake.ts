import type { Db } from '../../../db/database.js';
import type { Queue } from '../../../jobs/queue.js';
import type { Logger } from '../../../lib/log.js';
import { clientStateMatches, type SubscriptionRegistry } from '../../../microsoft/subscriptions/registry.js';
import type { SyncedResource } from '../../../microsoft/catalogue.js';
import { LIFECYCLE_JOB, SYNC_JOB, jobKey, type SyncPayload } from './jobs.js';

export type IntakeKind = 'change' | 'lifecycle';
export const UNATTRIBUTED = '-';
export const RECEIVED = 'notifications_received';
export const REJECTED = 'notifications_rejected';
/** Counters are per resource: `notifications_received:calendar`. */
export const counterName = (base: string, resource: string) => `${base}:${resource}`;

const CHANGE_TYPES = new Set(['created', 'updated', 'deleted']);
const LIFECYCLE_EVENTS = new Set(['reauthorizationRequired', 'subscriptionRemoved', 'missed']);

export interface LifecyclePayload {
  accountId: string;
  resource: SyncedResource;
  subscriptionId: string;
  event: string;
}

interface Target {
  accountId: string;
  resource: SyncedResource;
}

interface Batch {
  changes: Map<string, Target & { itemId: string; changeType: string }>;
  lifecycle: LifecyclePayload[];
  /** A genuine change notification that names no usable item: a delta round over every scope of its resource. */
  lookEverywhere: Map<string, Target>;
  /** Keyed by account and resource ('-' when the subscription is unknown). */
  counters: Map<string, { accountId: string; resource: string; received: number; rejected: number }>;
  waiters: Array<{ resolve: () => void; reject: (e: unknown) => void }>;
}

const emptyBatch = (): Batch => ({ changes: new Map(), lifecycle: [], lookEverywhere: new Map(), counters: new Map(), waiters: [] });

/**
 * The webhook's intake, one for every resource: checks each item against the in-memory subscription
 * registry, routes it to its resource by the subscription it names, then group-commits everything
 * that arrived meanwhile in ONE transaction (pending changes, counters) and enqueues one sync per
 * (account, resource). Requests wait only for their batch's commit, never for Graph.
 */
export class NotificationIntake {
  private current = emptyBatch();
  private flushing = false;
  private scheduled = false;
  private lastStamp = 0;

  constructor(private readonly deps: {
    db: Db; queue: Queue; registry: SubscriptionRegistry; log: Logger;
    /**
     * True when a sync run of this account has been claimed in this process and has not started
     * yet: it reads the pending rows when it starts, so rows committed now need no new job. Its
     * job is durable (leased), so a crash still runs it again.
     */
    syncWaiting?: (target: Target) => boolean;
  }) {}

  async accept(items: unknown[], kind: IntakeKind): Promise<{ accepted: number; rejected: number }> {
    const ids = items.map((i) => (i as { subscriptionId?: unknown })?.subscriptionId).filter((x): x is string => typeof x === 'string');
    const subs = await this.deps.registry.lookup(ids);
    const batch = this.current;
    let accepted = 0;
    let rejected = 0;
    for (const raw of items) {
      const item = (raw ?? {}) as Record<string, unknown>;
      const sub = typeof item.subscriptionId === 'string' ? subs.get(item.subscriptionId) : undefined;
      const ok = sub !== undefined && clientStateMatches(sub.clientState, item.clientState);
      const resource = sub?.kind as SyncedResource | undefined;
      const counter = this.counter(batch, sub ? sub.accountId : UNATTRIBUTED, resource ?? UNATTRIBUTED);
      counter.received += 1;
      const payload = ok ? this.payloadOf(item, kind) : undefined;
      if (ok && payload === undefined && kind === 'change') {
        // Its clientState proves it came from Graph; without a usable id or change type it still
        // means "something changed in this mailbox", and a notification is only ever a cue to look.
        batch.lookEverywhere.set(`${sub.accountId}\n${resource}`, { accountId: sub.accountId, resource: resource! });
        accepted += 1;
        continue;
      }
      if (!ok || payload === undefined) {
        counter.rejected += 1;
        rejected += 1;
        continue;
      }
      accepted += 1;
      if (kind === 'lifecycle') {
        batch.lifecycle.push({ accountId: sub.accountId, resource: resource!, subscriptionId: item.subscriptionId as string, event: payload.value });
      } else {
        batch.changes.set(`${sub.accountId}\n${resource}\n${payload.value}`, { accountId: sub.accountId, resource: resource!, itemId: payload.value, changeType: payload.changeType! });
      }
    }
    await new Promise<void>((resolve, reject) => {
      batch.waiters.push({ resolve, reject });
      this.schedule();
    });
    return { accepted, rejected };
  }

  private payloadOf(item: Record<string, unknown>, kind: IntakeKind): { value: string; changeType?: string } | undefined {
    if (kind === 'lifecycle') {
      return typeof item.lifecycleEvent === 'string' && LIFECYCLE_EVENTS.has(item.lifecycleEvent) ? { value: item.lifecycleEvent } : undefined;
    }
    const id = (item.resourceData as { id?: unknown } | undefined)?.id;
    const changeType = item.changeType;
    if (typeof id !== 'string' || !id || typeof changeType !== 'string' || !CHANGE_TYPES.has(changeType)) return undefined;
    return { value: id, changeType };
  }

  private counter(batch: Batch, accountId: string, resource: string) {
    const key = `${accountId}\n${resource}`;
    let c = batch.counters.get(key);
    if (!c) batch.counters.set(key, (c = { accountId, resource, received: 0, rejected: 0 }));
    return c;
  }

  private schedule(): void {
    if (this.scheduled || this.flushing) return;
    this.scheduled = true;
    setImmediate(() => void this.flush());
  }

  private async flush(): Promise<void> {
    this.scheduled = false;
    this.flushing = true;
    const batch = this.current;
    this.current = emptyBatch();
    try {
      await this.commit(batch);
      for (const w of batch.waiters) w.resolve();
    } catch (err) {
      this.deps.log.error({ err }, 'webhook intake could not store notifications');
      for (const w of batch.waiters) w.reject(err);
    } finally {
      this.flushing = false;
      if (this.current.waiters.length) this.schedule();
    }
  }

  private async commit(batch: Batch): Promise<void> {
    // Strictly increasing per process: a sync run deletes only rows stamped before it read them.
    const stamp = Math.max(Date.now(), this.lastStamp + 1);
    this.lastStamp = stamp;
    const receivedAt = new Date(stamp).toISOString();
    const rows = [...batch.changes.values()].map((c) => ({ account_id: c.accountId, resource: c.resource, item_id: c.itemId, change_type: c.changeType, received_at: receivedAt }));
    await this.deps.db.transaction().execute(async (trx) => {
      for (let i = 0; i < rows.length; i += 1000) {
        await trx.insertInto('microsoft_pending_changes').values(rows.slice(i, i + 1000))
          .onConflict((oc) => oc.columns(['account_id', 'resource', 'item_id']).doUpdateSet((eb) => ({
            received_at: eb.ref('excluded.received_at'), change_type: eb.ref('excluded.change_type'),
          }))).execute();
      }
      const counters = [...batch.counters.values()].flatMap((c) => [
        { account_id: c.accountId, name: counterName(RECEIVED, c.resource), value: c.received },
        ...(c.rejected ? [{ account_id: c.accountId, name: counterName(REJECTED, c.resource), value: c.rejected }] : []),
      ]);
      if (counters.length) {
        await trx.insertInto('microsoft_counters').values(counters)
          .onConflict((oc) => oc.columns(['account_id', 'name']).doUpdateSet((eb) => ({ value: eb('microsoft_counters.value', '+', eb.ref('excluded.value')) })))
          .execute();
      }
    });
    const targets = new Map<string, Target>();
    for (const c of batch.changes.values()) targets.set(`${c.accountId}\n${c.resource}`, { accountId: c.accountId, resource: c.resource });
    for (const t of targets.values()) {
      if (this.deps.syncWaiting?.(t)) continue;
      await this.deps.queue.enqueue<SyncPayload>(SYNC_JOB, t, { key: jobKey(t), maxAttempts: 10 });
    }
    for (const t of batch.lookEverywhere.values()) {
      await this.deps.queue.enqueue<SyncPayload>(SYNC_JOB, { ...t, all: true }, { key: jobKey(t, 'look'), maxAttempts: 10 });
    }
    for (const l of batch.lifecycle) {
      await this.deps.queue.enqueue<LifecyclePayload>(LIFECYCLE_JOB, l, { key: `${l.subscriptionId}:${l.event}`, maxAttempts: 10 });
    }
  }
}
