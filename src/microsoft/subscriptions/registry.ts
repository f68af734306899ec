import { timingSafeEqual } from 'node:crypto';
import type { Db } from '../../db/database.js';
import type { SecretBox } from '../../lib/secretBox.js';

export interface KnownSubscription {
  accountId: string;
  /** The resource it watches (microsoft_subscriptions.resource_kind): the intake routes by it. */
  kind: string;
  clientState: Buffer;
  /** When the database last confirmed it (ms since epoch). */
  verifiedAt: number;
}

const NEGATIVE_TTL_MS = 2_000;
/**
 * A disconnect in another process deletes the row but cannot reach this cache: re-checking each
 * known subscription once a minute bounds how long a deleted one keeps being accepted.
 */
export const POSITIVE_TTL_MS = 60_000;

/**
 * Subscription id → {account, resource, clientState} for the webhook, held in memory so a notification costs
 * no database read. A miss reloads from the database (another process may have created it); unknown
 * ids are remembered briefly so a flood of forged ids cannot turn into a flood of queries.
 */
export class SubscriptionRegistry {
  private readonly known = new Map<string, KnownSubscription>();
  private readonly unknown = new Map<string, number>();

  constructor(private readonly db: Db, private readonly box: SecretBox, private readonly clock: () => number = Date.now) {}

  remember(graphId: string, accountId: string, clientState: string, kind: string): void {
    this.known.set(graphId, { accountId, kind, clientState: Buffer.from(clientState), verifiedAt: this.clock() });
    this.unknown.delete(graphId);
  }

  forget(graphId: string): void {
    this.known.delete(graphId);
  }

  forgetAccount(accountId: string): void {
    for (const [id, s] of this.known) if (s.accountId === accountId) this.known.delete(id);
  }

  /** Looks several ids up with at most one query for all the misses. */
  async lookup(graphIds: Iterable<string>): Promise<Map<string, KnownSubscription>> {
    const out = new Map<string, KnownSubscription>();
    const misses: string[] = [];
    const now = this.clock();
    for (const id of new Set(graphIds)) {
      const hit = this.known.get(id);
      if (hit && now - hit.verifiedAt < POSITIVE_TTL_MS) out.set(id, hit);
      else if (hit) {
        this.known.delete(id);
        misses.push(id);
      } else if ((this.unknown.get(id) ?? 0) < now) misses.push(id);
    }
    if (misses.length) {
      const rows = await this.db.selectFrom('microsoft_subscriptions').select(['graph_id', 'account_id', 'resource_kind', 'sealed_client_state'])
        .where('graph_id', 'in', misses).where('status', '!=', 'deleting').execute();
      for (const r of rows) {
        if (!r.graph_id) continue;
        try {
          this.remember(r.graph_id, r.account_id, this.box.open(r.sealed_client_state), r.resource_kind);
          out.set(r.graph_id, this.known.get(r.graph_id)!);
        } catch {
          // A clientState sealed under another key cannot match anything.
        }
      }
      if (this.unknown.size > 10_000) this.unknown.clear();
      for (const id of misses) if (!out.has(id)) this.unknown.set(id, now + NEGATIVE_TTL_MS);
    }
    return out;
  }
}

/** Constant-time comparison of a notification's clientState with the stored one. */
export function clientStateMatches(stored: Buffer, received: unknown): boolean {
  if (typeof received !== 'string') return false;
  const r = Buffer.from(received);
  return r.length === stored.length && timingSafeEqual(r, stored);
}
