import type { Selectable } from 'kysely';
import type { Db } from '../../db/database.js';
import type { MicrosoftSubscriptionFailuresTable } from '../../db/tables/microsoftSync.js';

export type SubscriptionFailureRow = Selectable<MicrosoftSubscriptionFailuresTable>;

export interface FailureRecord {
  errorKind: string;
  message: string;
  publicUrl: string;
}

export interface Backoff {
  baseMs: number;
  maxMs: number;
}

/** Delay before the next creation attempt after `failures` failures in a row: doubling, capped. */
export function backoffAfter(failures: number, b: Backoff): number {
  return Math.min(b.maxMs, b.baseMs * 2 ** Math.min(Math.max(failures - 1, 0), 20));
}

/**
 * Why an account has no live subscription of a kind, and when to try creating one again
 * (microsoft_subscription_failures). Written by whichever process tried, read by Settings.
 */
export class SubscriptionFailures {
  constructor(private readonly db: Db) {}

  async get(accountId: string, kind: string): Promise<SubscriptionFailureRow | undefined> {
    return this.db.selectFrom('microsoft_subscription_failures').selectAll()
      .where('account_id', '=', accountId).where('resource_kind', '=', kind).executeTakeFirst();
  }

  /** True when a creation attempt is due now (none failed, the backoff passed, or PUBLIC_URL changed since). */
  async due(accountId: string, kind: string, publicUrl: string, at = Date.now()): Promise<boolean> {
    const row = await this.get(accountId, kind);
    return !row || row.public_url !== publicUrl || Date.parse(row.next_attempt_at) <= at;
  }

  /** Counts one more failure and schedules the next attempt; returns the row written. */
  async record(accountId: string, kind: string, failure: FailureRecord, backoff: Backoff, at = Date.now()): Promise<SubscriptionFailureRow> {
    const previous = await this.get(accountId, kind);
    const failures = (previous?.failures ?? 0) + 1;
    const values = {
      failures, error_kind: failure.errorKind, error_message: failure.message, public_url: failure.publicUrl,
      next_attempt_at: new Date(at + backoffAfter(failures, backoff)).toISOString(), updated_at: new Date(at).toISOString(),
    };
    await this.db.insertInto('microsoft_subscription_failures').values({ account_id: accountId, resource_kind: kind, ...values })
      .onConflict((oc) => oc.columns(['account_id', 'resource_kind']).doUpdateSet(values)).execute();
    return { account_id: accountId, resource_kind: kind, ...values };
  }

  async clear(accountId: string, kind: string): Promise<void> {
    await this.db.deleteFrom('microsoft_subscription_failures').where('account_id', '=', accountId).where('resource_kind', '=', kind).execute();
  }

  async clearAccount(accountId: string): Promise<void> {
    await this.db.deleteFrom('microsoft_subscription_failures').where('account_id', '=', accountId).execute();
  }
}
