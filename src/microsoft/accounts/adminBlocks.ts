import type { Db } from '../../db/database.js';

/**
 * Features whose incremental consent the tenant refused as "needs admin approval", per account.
 * Kept as counters (how many times it was refused) so no new table is needed; the name prefix
 * keeps them apart from the sync counters. Cleared once the feature is granted.
 */
const PREFIX = 'consent.needsAdmin.';

export class AdminBlocks {
  constructor(private readonly db: Db) {}

  async record(accountId: string, feature: string): Promise<void> {
    await this.db.insertInto('microsoft_counters').values({ account_id: accountId, name: PREFIX + feature, value: 1 })
      .onConflict((oc) => oc.columns(['account_id', 'name']).doUpdateSet((eb) => ({ value: eb('microsoft_counters.value', '+', 1) })))
      .execute();
  }

  async clear(accountId: string, features: string[]): Promise<void> {
    if (!features.length) return;
    await this.db.deleteFrom('microsoft_counters').where('account_id', '=', accountId).where('name', 'in', features.map((f) => PREFIX + f)).execute();
  }

  async forAccount(accountId: string): Promise<Set<string>> {
    const rows = await this.db.selectFrom('microsoft_counters').select('name').where('account_id', '=', accountId).where('name', 'like', `${PREFIX}%`).execute();
    return new Set(rows.map((r) => r.name.slice(PREFIX.length)));
  }
}
