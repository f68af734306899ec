import type { Db } from '../../db/database.js';
import { isUniqueViolation } from '../../crm/errors.js';

/**
 * Features an administrator approved for a whole tenant (admin consent). Keyed by tenant id as
 * recorded from the admin's own sign-in row, never from a parameter the browser brought back.
 */
export class TenantConsents {
  constructor(private readonly db: Db) {}

  async record(tenantId: string, feature: string, grantedByUserId: string): Promise<void> {
    try {
      await this.db.insertInto('microsoft_tenant_consents')
        .values({ tenant_id: tenantId, feature, granted_by_user_id: grantedByUserId, granted_at: new Date().toISOString() })
        .execute();
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      // Approved again: the newest approval is the one to show.
      await this.db.updateTable('microsoft_tenant_consents')
        .set({ granted_by_user_id: grantedByUserId, granted_at: new Date().toISOString() })
        .where('tenant_id', '=', tenantId).where('feature', '=', feature)
        .execute();
    }
  }

  async featuresFor(tenantId: string): Promise<Set<string>> {
    const rows = await this.db.selectFrom('microsoft_tenant_consents').select('feature').where('tenant_id', '=', tenantId).execute();
    return new Set(rows.map((r) => r.feature));
  }
}
