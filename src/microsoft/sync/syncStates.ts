import type { Selectable } from 'kysely';
import type { MicrosoftSyncStatesTable } from '../../db/tables/microsoft.js';
import type { Trx } from './contract.js';

export type SyncStateRow = Selectable<MicrosoftSyncStatesTable>;

export interface ScopeId {
  accountId: string;
  resource: string;
  scopeKey: string;
}

const now = (): string => new Date().toISOString();

const where = <Q extends { where: (...a: never[]) => Q }>(q: Q, id: ScopeId): Q =>
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  (q as any).where('account_id', '=', id.accountId).where('resource', '=', id.resource).where('scope_key', '=', id.scopeKey);

/** Delta cursors and progress per scope (microsoft_sync_states), plus the full round in progress. */
export const syncStates = {
  async get(db: Trx, id: ScopeId): Promise<SyncStateRow | undefined> {
    return where(db.selectFrom('microsoft_sync_states').selectAll(), id).executeTakeFirst();
  },

  async ensure(db: Trx, id: ScopeId, name: string, total: number | null): Promise<SyncStateRow> {
    await db.insertInto('microsoft_sync_states')
      .values({ account_id: id.accountId, resource: id.resource, scope_key: id.scopeKey, scope_name: name, next_link: null, delta_link: null,
        phase: 'initial', items_synced: 0, items_total: total, last_success_at: null, last_error_kind: null, last_error_message: null, updated_at: now() })
      .onConflict((oc) => oc.columns(['account_id', 'resource', 'scope_key']).doUpdateSet({ scope_name: name, ...(total !== null ? { items_total: total } : {}) }))
      .execute();
    return (await this.get(db, id))!;
  },

  async update(db: Trx, id: ScopeId, patch: Partial<Omit<SyncStateRow, 'account_id' | 'resource' | 'scope_key'>>): Promise<void> {
    await where(db.updateTable('microsoft_sync_states').set({ ...patch, updated_at: now() }), id).execute();
  },

  async remove(db: Trx, id: ScopeId): Promise<void> {
    await where(db.deleteFrom('microsoft_sync_states'), id).execute();
    await where(db.deleteFrom('microsoft_sync_rounds'), id).execute();
  },

  async list(db: Trx, accountId: string, resource: string): Promise<SyncStateRow[]> {
    return db.selectFrom('microsoft_sync_states').selectAll().where('account_id', '=', accountId).where('resource', '=', resource).execute();
  },

  /**
   * A run of the resource failed outside any one scope's round (listing, lookups, an outage): every
   * scope shows it, so Settings says "retrying" at once instead of "live" with no error.
   */
  async markRunFailed(db: Trx, accountId: string, resource: string, kind: string, message: string): Promise<void> {
    await db.updateTable('microsoft_sync_states').set({ last_error_kind: kind, last_error_message: message, updated_at: now() })
      .where('account_id', '=', accountId).where('resource', '=', resource).where('last_error_kind', 'is', null).execute();
  },

  /** An outage (transient, throttled) is over once a run of the resource succeeds: clear it from every scope. */
  async clearOutage(db: Trx, accountId: string, resource: string): Promise<void> {
    // Runs after every successful run: a read first, so the common case takes no write lock
    // (on SQLite every write waits for the one writer, webhook commits included).
    const failing = await db.selectFrom('microsoft_sync_states').select('scope_key').where('account_id', '=', accountId).where('resource', '=', resource)
      .where('last_error_kind', 'in', ['transient', 'throttled']).limit(1).executeTakeFirst();
    if (!failing) return;
    await db.updateTable('microsoft_sync_states').set({ last_error_kind: null, last_error_message: null, updated_at: now() })
      .where('account_id', '=', accountId).where('resource', '=', resource).where('last_error_kind', 'in', ['transient', 'throttled']).execute();
  },

  async round(db: Trx, id: ScopeId): Promise<string | undefined> {
    return (await where(db.selectFrom('microsoft_sync_rounds').select('round_id'), id).executeTakeFirst())?.round_id;
  },

  async startRound(db: Trx, id: ScopeId, roundId: string): Promise<void> {
    await db.insertInto('microsoft_sync_rounds')
      .values({ account_id: id.accountId, resource: id.resource, scope_key: id.scopeKey, round_id: roundId, started_at: now() })
      .onConflict((oc) => oc.columns(['account_id', 'resource', 'scope_key']).doUpdateSet({ round_id: roundId, started_at: now() }))
      .execute();
  },

  async endRound(db: Trx, id: ScopeId): Promise<void> {
    await where(db.deleteFrom('microsoft_sync_rounds'), id).execute();
  },
};
