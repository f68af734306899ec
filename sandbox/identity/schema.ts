/**
 * The identity platform's tables. Secrets (passwords, client secrets, codes, refresh tokens)
 * are stored only as hashes. `token_epoch` on a user is bumped by revocation: refresh and
 * access tokens remember the epoch they were issued in and die when it moves on.
 */
export const identitySchema: string[] = [
  `CREATE TABLE IF NOT EXISTS id_tenants (
    id TEXT PRIMARY KEY, display_name TEXT NOT NULL, domain TEXT NOT NULL UNIQUE COLLATE NOCASE,
    admin_only_scopes TEXT NOT NULL, created_at TEXT NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS id_users (
    id TEXT PRIMARY KEY, tenant_id TEXT NOT NULL REFERENCES id_tenants(id),
    upn TEXT NOT NULL UNIQUE COLLATE NOCASE, display_name TEXT NOT NULL, mail TEXT NOT NULL COLLATE NOCASE,
    password_hash TEXT NOT NULL, is_admin INTEGER NOT NULL, token_epoch INTEGER NOT NULL DEFAULT 0, created_at TEXT NOT NULL)`,
  `CREATE INDEX IF NOT EXISTS id_users_tenant ON id_users(tenant_id)`,
  `CREATE TABLE IF NOT EXISTS id_apps (
    client_id TEXT PRIMARY KEY, display_name TEXT NOT NULL, secret_hash TEXT NOT NULL,
    redirect_uris TEXT NOT NULL, created_at TEXT NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS id_user_grants (
    user_id TEXT NOT NULL, client_id TEXT NOT NULL, scopes TEXT NOT NULL, PRIMARY KEY (user_id, client_id))`,
  `CREATE TABLE IF NOT EXISTS id_tenant_grants (
    tenant_id TEXT NOT NULL, client_id TEXT NOT NULL, scopes TEXT NOT NULL, PRIMARY KEY (tenant_id, client_id))`,
  `CREATE TABLE IF NOT EXISTS id_transactions (
    id TEXT PRIMARY KEY, body TEXT NOT NULL, expires_at INTEGER NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS id_codes (
    hash TEXT PRIMARY KEY, body TEXT NOT NULL, expires_at INTEGER NOT NULL, redeemed_at INTEGER)`,
  `CREATE TABLE IF NOT EXISTS id_refresh_tokens (
    hash TEXT PRIMARY KEY, user_id TEXT NOT NULL, client_id TEXT NOT NULL, epoch INTEGER NOT NULL,
    issued_at INTEGER NOT NULL)`,
  `CREATE INDEX IF NOT EXISTS id_refresh_tokens_user ON id_refresh_tokens(user_id)`,
  `CREATE TABLE IF NOT EXISTS id_access_tokens (
    uti TEXT PRIMARY KEY, user_id TEXT NOT NULL, epoch INTEGER NOT NULL, expires_at INTEGER NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS id_settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)`,
];
