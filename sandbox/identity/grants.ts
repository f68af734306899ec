import type { SandboxDb } from '../core/db.js';

/**
 * Consent records. A user's grant holds what they consented to for an app (OIDC scopes
 * included); a tenant grant holds what an admin consented to for everyone in the tenant.
 * Both only grow, except when revoked through the control API.
 */
export class Grants {
  constructor(private readonly db: SandboxDb) {}

  private read(sql: string, ...args: string[]): Set<string> {
    const row = this.db.prepare(sql).get(...args) as { scopes: string } | undefined;
    return new Set(row ? (JSON.parse(row.scopes) as string[]) : []);
  }

  userGrant(userId: string, clientId: string): Set<string> {
    return this.read('SELECT scopes FROM id_user_grants WHERE user_id = ? AND client_id = ?', userId, clientId);
  }

  tenantGrant(tenantId: string, clientId: string): Set<string> {
    return this.read('SELECT scopes FROM id_tenant_grants WHERE tenant_id = ? AND client_id = ?', tenantId, clientId);
  }

  /** Everything this user may have in a token for this app. */
  effective(userId: string, tenantId: string, clientId: string): Set<string> {
    return new Set([...this.userGrant(userId, clientId), ...this.tenantGrant(tenantId, clientId)]);
  }

  addUserGrant(userId: string, clientId: string, scopes: Iterable<string>): void {
    const merged = [...new Set([...this.userGrant(userId, clientId), ...scopes])].sort();
    this.db.prepare(`INSERT INTO id_user_grants (user_id, client_id, scopes) VALUES (?, ?, ?)
      ON CONFLICT(user_id, client_id) DO UPDATE SET scopes = excluded.scopes`).run(userId, clientId, JSON.stringify(merged));
  }

  addTenantGrant(tenantId: string, clientId: string, scopes: Iterable<string>): void {
    const merged = [...new Set([...this.tenantGrant(tenantId, clientId), ...scopes])].sort();
    this.db.prepare(`INSERT INTO id_tenant_grants (tenant_id, client_id, scopes) VALUES (?, ?, ?)
      ON CONFLICT(tenant_id, client_id) DO UPDATE SET scopes = excluded.scopes`).run(tenantId, clientId, JSON.stringify(merged));
  }

  removeUserGrants(userId: string): void {
    this.db.prepare('DELETE FROM id_user_grants WHERE user_id = ?').run(userId);
  }

  /** The apps this user consented to, with what (My Apps lists them). */
  userApps(userId: string): Array<{ clientId: string; scopes: string[] }> {
    const rows = this.db.prepare('SELECT client_id, scopes FROM id_user_grants WHERE user_id = ? ORDER BY client_id').all(userId) as Array<{ client_id: string; scopes: string }>;
    return rows.map((r) => ({ clientId: r.client_id, scopes: JSON.parse(r.scopes) as string[] }));
  }

  removeUserGrant(userId: string, clientId: string): void {
    this.db.prepare('DELETE FROM id_user_grants WHERE user_id = ? AND client_id = ?').run(userId, clientId);
  }
}

/** Small key/value settings changed at run time by the control API. */
export class Settings {
  constructor(private readonly db: SandboxDb) {}
  get(key: string): string | undefined {
    return (this.db.prepare('SELECT value FROM id_settings WHERE key = ?').get(key) as { value: string } | undefined)?.value;
  }
  set(key: string, value: string): void {
    this.db.prepare('INSERT INTO id_settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, value);
  }
}
