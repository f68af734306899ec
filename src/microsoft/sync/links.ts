import type { Trx, DeltaItem } from './contract.js';
import type { LinkRow } from './writeBack.js';

const now = () => new Date().toISOString();

/**
 * CRM record ↔ Graph item links of two-way resources (microsoft_links), with the changeKey Tandem
 * last wrote or read. Delta bringing back an item with that changeKey is Tandem's own echo.
 */
export const links = {
  async byRecord(db: Trx, accountId: string, resource: string, recordType: string, recordId: string): Promise<LinkRow | undefined> {
    return db.selectFrom('microsoft_links').selectAll().where('account_id', '=', accountId).where('resource', '=', resource)
      .where('record_type', '=', recordType).where('record_id', '=', recordId).executeTakeFirst();
  },

  async byGraphIds(db: Trx, accountId: string, resource: string, graphIds: string[]): Promise<LinkRow[]> {
    if (!graphIds.length) return [];
    const out: LinkRow[] = [];
    for (let i = 0; i < graphIds.length; i += 500) {
      out.push(...(await db.selectFrom('microsoft_links').selectAll().where('account_id', '=', accountId).where('resource', '=', resource)
        .where('graph_id', 'in', graphIds.slice(i, i + 500)).execute()));
    }
    return out;
  },

  async upsert(db: Trx, row: Omit<LinkRow, 'updated_at'>): Promise<void> {
    await db.insertInto('microsoft_links').values({ ...row, updated_at: now() })
      .onConflict((oc) => oc.columns(['account_id', 'resource', 'graph_id']).doUpdateSet({
        record_type: row.record_type, record_id: row.record_id, change_key: row.change_key, updated_at: now(),
      }))
      .execute();
  },

  async remove(db: Trx, accountId: string, resource: string, graphId: string): Promise<void> {
    await db.deleteFrom('microsoft_links').where('account_id', '=', accountId).where('resource', '=', resource).where('graph_id', '=', graphId).execute();
  },

  async removeAccount(db: Trx, accountId: string, resource: string): Promise<void> {
    await db.deleteFrom('microsoft_links').where('account_id', '=', accountId).where('resource', '=', resource).execute();
  },

  /**
   * The ids of items whose changeKey is the one Tandem last wrote: its own change coming back.
   * An item without a changeKey is never taken for an echo (better one idempotent re-apply than a lost change).
   */
  async echoes(db: Trx, accountId: string, resource: string, items: DeltaItem[]): Promise<Set<string>> {
    const keyed = items.filter((i): i is DeltaItem & { id: string; changeKey: string } =>
      typeof i.id === 'string' && typeof i.changeKey === 'string' && !i['@removed']);
    const rows = await this.byGraphIds(db, accountId, resource, keyed.map((i) => i.id));
    const written = new Map(rows.map((r) => [r.graph_id, r.change_key]));
    return new Set(keyed.filter((i) => written.get(i.id) === i.changeKey).map((i) => i.id));
  },
};
