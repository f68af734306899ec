import type { Selectable } from 'kysely';
import type { Db } from '../../db/database.js';
import type { MicrosoftAccountsTable } from '../../db/tables/microsoft.js';

export type AccountStatus = 'active' | 'needs_reconnect' | 'disconnecting';

/** One connected Microsoft account: at most one per Tandem user (unique user_id). */
export interface MicrosoftAccount {
  id: string;
  userId: string;
  workspaceId: string;
  tenantId: string;
  objectId: string;
  homeAccountId: string;
  username: string;
  displayName: string | null;
  grantedScopes: string[];
  status: AccountStatus;
  /** Why the account is not active, as a closed kind (e.g. reauthRequired) and a sentence for the UI. */
  statusKind: string | null;
  statusMessage: string | null;
  lastRefreshedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface ConnectedIdentity {
  /** The id to use when the row is created (the token cache is already stored under it). */
  id: string;
  userId: string;
  workspaceId: string;
  tenantId: string;
  objectId: string;
  homeAccountId: string;
  username: string;
  displayName: string | null;
  grantedScopes: string[];
}

function toAccount(r: Selectable<MicrosoftAccountsTable>): MicrosoftAccount {
  let scopes: string[] = [];
  try {
    const parsed = JSON.parse(r.granted_scopes) as unknown;
    if (Array.isArray(parsed)) scopes = parsed.filter((s): s is string => typeof s === 'string');
  } catch {
    // A damaged scope list reads as "nothing granted": features show Enable rather than failing the page.
  }
  return {
    id: r.id, userId: r.user_id, workspaceId: r.workspace_id, tenantId: r.tenant_id, objectId: r.object_id,
    homeAccountId: r.home_account_id, username: r.username, displayName: r.display_name, grantedScopes: scopes,
    status: r.status as AccountStatus, statusKind: r.status_kind, statusMessage: r.status_message,
    lastRefreshedAt: r.last_refreshed_at, createdAt: r.created_at, updatedAt: r.updated_at,
  };
}

const now = (): string => new Date().toISOString();

/** Data access for microsoft_accounts. Every lookup used by a route filters by the principal's user id. */
export class AccountsRepository {
  constructor(private readonly db: Db) {}

  async byId(id: string): Promise<MicrosoftAccount | undefined> {
    const r = await this.db.selectFrom('microsoft_accounts').selectAll().where('id', '=', id).executeTakeFirst();
    return r ? toAccount(r) : undefined;
  }

  async byUser(userId: string): Promise<MicrosoftAccount | undefined> {
    const r = await this.db.selectFrom('microsoft_accounts').selectAll().where('user_id', '=', userId).executeTakeFirst();
    return r ? toAccount(r) : undefined;
  }

  async list(filter: { status?: AccountStatus; refreshedBefore?: string } = {}): Promise<MicrosoftAccount[]> {
    let q = this.db.selectFrom('microsoft_accounts').selectAll();
    if (filter.status) q = q.where('status', '=', filter.status);
    if (filter.refreshedBefore) {
      const before = filter.refreshedBefore;
      q = q.where((eb) => eb.or([eb('last_refreshed_at', 'is', null), eb('last_refreshed_at', '<', before)]));
    }
    return (await q.orderBy('id').execute()).map(toAccount);
  }

  /**
   * Records a completed sign-in: creates the row, or refreshes identity and scopes of the same
   * Microsoft account and makes it active again. The caller has checked it is the same account.
   */
  async saveConnected(who: ConnectedIdentity): Promise<MicrosoftAccount> {
    const at = now();
    const existing = await this.byUser(who.userId);
    const values = {
      tenant_id: who.tenantId, object_id: who.objectId, home_account_id: who.homeAccountId, username: who.username,
      display_name: who.displayName, granted_scopes: JSON.stringify(who.grantedScopes), status: 'active',
      status_kind: null, status_message: null, last_refreshed_at: at, updated_at: at,
    };
    if (existing) {
      await this.db.updateTable('microsoft_accounts').set(values).where('id', '=', existing.id).execute();
      return (await this.byId(existing.id))!;
    }
    const id = who.id;
    await this.db.insertInto('microsoft_accounts')
      .values({ id, user_id: who.userId, workspace_id: who.workspaceId, created_at: at, ...values })
      .execute();
    return (await this.byId(id))!;
  }

  /** Moves an account between states; `onlyFrom` makes the change conditional (no resurrection of a disconnecting row). */
  async setStatus(id: string, status: AccountStatus, reason: { kind: string; message: string } | null, onlyFrom?: AccountStatus[]): Promise<boolean> {
    let q = this.db.updateTable('microsoft_accounts')
      .set({ status, status_kind: reason?.kind ?? null, status_message: reason?.message ?? null, updated_at: now() })
      .where('id', '=', id);
    if (onlyFrom) q = q.where('status', 'in', onlyFrom);
    const res = await q.executeTakeFirst();
    return Number(res.numUpdatedRows) > 0;
  }

  async markRefreshed(id: string, grantedScopes?: string[]): Promise<void> {
    const at = now();
    await this.db.updateTable('microsoft_accounts')
      .set({ last_refreshed_at: at, updated_at: at, ...(grantedScopes ? { granted_scopes: JSON.stringify(grantedScopes) } : {}) })
      .where('id', '=', id)
      .execute();
  }

  async delete(id: string): Promise<void> {
    await this.db.deleteFrom('microsoft_accounts').where('id', '=', id).execute();
  }
}
