import { randomUUID } from 'node:crypto';
import type { SandboxDb } from '../core/db.js';
import type { DirectoryReader, DirectoryUser } from '../core/directory.js';
import { checkSecret, hashSecret } from './secrets.js';

export interface Tenant {
  id: string;
  displayName: string;
  domain: string;
  adminOnlyScopes: string[];
}

export interface NewUser {
  /** Either a full UPN or a local part completed with the tenant's domain. */
  userPrincipalName: string;
  displayName?: string;
  password: string;
  isAdmin?: boolean;
  id?: string;
}

interface TenantRow { id: string; display_name: string; domain: string; admin_only_scopes: string }
interface UserRow { id: string; tenant_id: string; upn: string; display_name: string; mail: string; password_hash: string; is_admin: number; token_epoch: number }

export const DEFAULT_ADMIN_ONLY_SCOPES = ['Sites.Read.All'];
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const toTenant = (r: TenantRow): Tenant => ({ id: r.id, displayName: r.display_name, domain: r.domain, adminOnlyScopes: JSON.parse(r.admin_only_scopes) as string[] });
const toUser = (r: UserRow): DirectoryUser => ({ id: r.id, tenantId: r.tenant_id, userPrincipalName: r.upn, displayName: r.display_name, mail: r.mail, isAdmin: r.is_admin === 1 });

function nameFromUpn(upn: string): string {
  const local = upn.split('@')[0] ?? upn;
  return local.split(/[._-]/).filter(Boolean).map((p) => p[0]!.toUpperCase() + p.slice(1)).join(' ');
}

/** Tenants and users: the directory the sign-in page checks and Graph modules read. */
export class Directory implements DirectoryReader {
  constructor(private readonly db: SandboxDb) {}

  createTenant(input: { displayName: string; domain: string; id?: string }): Tenant {
    const existing = this.tenant(input.domain) ?? (input.id ? this.tenant(input.id) : undefined);
    if (existing) return existing;
    const id = input.id ?? randomUUID();
    this.db.prepare('INSERT INTO id_tenants (id, display_name, domain, admin_only_scopes, created_at) VALUES (?, ?, ?, ?, ?)')
      .run(id, input.displayName, input.domain.toLowerCase(), JSON.stringify(DEFAULT_ADMIN_ONLY_SCOPES), new Date().toISOString());
    return this.tenant(id)!;
  }

  /** By id (GUID) or verified domain. */
  tenant(idOrDomain: string): Tenant | undefined {
    const column = GUID.test(idOrDomain) ? 'id' : 'domain';
    const row = this.db.prepare(`SELECT * FROM id_tenants WHERE ${column} = ?`).get(idOrDomain) as TenantRow | undefined;
    return row && toTenant(row);
  }

  tenants(): Tenant[] {
    return (this.db.prepare('SELECT * FROM id_tenants ORDER BY created_at, domain').all() as TenantRow[]).map(toTenant);
  }

  setAdminOnlyScopes(tenantId: string, scopes: string[]): void {
    this.db.prepare('UPDATE id_tenants SET admin_only_scopes = ? WHERE id = ?').run(JSON.stringify(scopes), tenantId);
  }

  /** Creates the user, or returns the existing one with that UPN (its password unchanged). */
  createUser(tenant: Tenant, input: NewUser): DirectoryUser {
    const upn = (input.userPrincipalName.includes('@') ? input.userPrincipalName : `${input.userPrincipalName}@${tenant.domain}`).toLowerCase();
    const existing = this.userByEmail(upn);
    if (existing) return existing;
    this.db.prepare('INSERT INTO id_users (id, tenant_id, upn, display_name, mail, password_hash, is_admin, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(input.id ?? randomUUID(), tenant.id, upn, input.displayName ?? nameFromUpn(upn), upn, hashSecret(input.password), input.isAdmin ? 1 : 0, new Date().toISOString());
    return this.userByEmail(upn)!;
  }

  /** The user when the password matches, else null. */
  authenticate(upn: string, password: string): DirectoryUser | null {
    const row = this.db.prepare('SELECT * FROM id_users WHERE upn = ?').get(upn.trim()) as UserRow | undefined;
    if (!row || !checkSecret(password, row.password_hash)) return null;
    return toUser(row);
  }

  tokenEpoch(userId: string): number | undefined {
    const row = this.db.prepare('SELECT token_epoch FROM id_users WHERE id = ?').get(userId) as { token_epoch: number } | undefined;
    return row?.token_epoch;
  }

  /** Invalidates every refresh and access token issued to the user so far. */
  bumpTokenEpoch(userId: string): void {
    this.db.prepare('UPDATE id_users SET token_epoch = token_epoch + 1 WHERE id = ?').run(userId);
  }

  userById(id: string): DirectoryUser | undefined {
    const row = this.db.prepare('SELECT * FROM id_users WHERE id = ?').get(id) as UserRow | undefined;
    return row && toUser(row);
  }

  userByEmail(email: string): DirectoryUser | undefined {
    const row = this.db.prepare('SELECT * FROM id_users WHERE upn = ? OR mail = ? LIMIT 1').get(email, email) as UserRow | undefined;
    return row && toUser(row);
  }

  usersInTenant(tenantId: string): DirectoryUser[] {
    return (this.db.prepare('SELECT * FROM id_users WHERE tenant_id = ? ORDER BY upn').all(tenantId) as UserRow[]).map(toUser);
  }
}
