import type { SandboxDb } from '../../core/db.js';

/** The onlineMeetingProviderType values a calendar can allow. */
export const PROVIDERS = ['unknown', 'skypeForBusiness', 'skypeForConsumer', 'teamsForBusiness'];

/**
 * What a tenant's new calendars allow. Exchange takes it from the organization's Teams and
 * Outlook policies; the sandbox keeps one row per tenant the control API configured, and
 * Teams for everyone else.
 */
export const tenantProvidersSchema = `
CREATE TABLE IF NOT EXISTS ge_tenant_providers (
  tenant_id TEXT PRIMARY KEY,
  allowed_json TEXT NOT NULL,
  default_provider TEXT NOT NULL
);`;

const TEAMS = { allowed_json: '["teamsForBusiness"]', default_provider: 'teamsForBusiness' };

export function tenantDefaults(db: SandboxDb, tenantId: string): { allowed_json: string; default_provider: string } {
  return (db.prepare('SELECT allowed_json, default_provider FROM ge_tenant_providers WHERE tenant_id = ?').get(tenantId) as typeof TEAMS | undefined) ?? TEAMS;
}

export function setTenantDefaults(db: SandboxDb, tenantId: string, allowed: string[], defaultProvider: string): void {
  db.prepare(`INSERT INTO ge_tenant_providers (tenant_id, allowed_json, default_provider) VALUES (?, ?, ?)
    ON CONFLICT (tenant_id) DO UPDATE SET allowed_json = excluded.allowed_json, default_provider = excluded.default_provider`)
    .run(tenantId, JSON.stringify(allowed), defaultProvider);
}

const fail = (message: string) => Object.assign(new Error(message), { statusCode: 400 });

/** A control body `{allowed, default?}`: known providers, at least one; the default among them (else the first). */
export function parseProviders(b: Record<string, unknown>): { allowed: string[]; def: string } {
  const allowed = Array.isArray(b.allowed) ? b.allowed.map(String) : null;
  if (!allowed?.length || allowed.some((p) => !PROVIDERS.includes(p))) throw fail(`'allowed' must list providers among ${PROVIDERS.join(', ')}`);
  const def = typeof b.default === 'string' ? b.default : allowed[0]!;
  if (!allowed.includes(def)) throw fail("'default' must be one of 'allowed'");
  return { allowed, def };
}
