import type { Db } from '../../db/database.js';
import type { Trx } from '../sync/contract.js';

export interface RemovedItems {
  count: number;
  /** The item's name, singular and plural ("email", "emails"). */
  one: string;
  other: string;
}

export interface DisconnectReceipt {
  userId: string;
  username: string;
  tenantId: string;
  removed: Record<string, RemovedItems>;
  subscriptionsStopped: number;
  requestedAt: string;
  finishedAt: string | null;
}

/**
 * The latest disconnect of each user, so Settings can say what was removed once the account row is
 * gone. Started when the disconnect is requested, added to by each resource's purge in its own
 * transaction (a retried job adds nothing twice: the rows are already gone), finished last.
 */
export class DisconnectReceipts {
  constructor(private readonly db: Db) {}

  async start(account: { userId: string; username: string; tenantId: string }): Promise<void> {
    const row = {
      username: account.username, tenant_id: account.tenantId, removed: '{}', subscriptions_stopped: 0,
      requested_at: new Date().toISOString(), finished_at: null,
    };
    await this.db.insertInto('microsoft_disconnect_receipts').values({ user_id: account.userId, ...row })
      .onConflict((oc) => oc.column('user_id').doUpdateSet(row))
      .execute();
  }

  async add(trx: Trx, userId: string, resource: string, items: RemovedItems, subscriptions = 0): Promise<void> {
    const row = await trx.selectFrom('microsoft_disconnect_receipts').select(['removed', 'subscriptions_stopped']).where('user_id', '=', userId).executeTakeFirst();
    if (!row) return;
    const removed = JSON.parse(row.removed) as Record<string, RemovedItems>;
    removed[resource] = { ...items, count: (removed[resource]?.count ?? 0) + items.count };
    await trx.updateTable('microsoft_disconnect_receipts')
      .set({ removed: JSON.stringify(removed), subscriptions_stopped: row.subscriptions_stopped + subscriptions })
      .where('user_id', '=', userId)
      .execute();
  }

  async finish(userId: string): Promise<void> {
    await this.db.updateTable('microsoft_disconnect_receipts').set({ finished_at: new Date().toISOString() }).where('user_id', '=', userId).where('finished_at', 'is', null).execute();
  }

  async forUser(userId: string): Promise<DisconnectReceipt | undefined> {
    const r = await this.db.selectFrom('microsoft_disconnect_receipts').selectAll().where('user_id', '=', userId).executeTakeFirst();
    if (!r) return undefined;
    return {
      userId: r.user_id, username: r.username, tenantId: r.tenant_id, removed: JSON.parse(r.removed) as Record<string, RemovedItems>,
      subscriptionsStopped: r.subscriptions_stopped, requestedAt: r.requested_at, finishedAt: r.finished_at,
    };
  }

  /** Dismissed by the user, or superseded by a new connection. */
  async delete(userId: string): Promise<boolean> {
    const r = await this.db.deleteFrom('microsoft_disconnect_receipts').where('user_id', '=', userId).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }
}
