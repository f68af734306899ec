import { createCompany } from '../../../crm/companies.js';
import type { Db } from '../../../db/database.js';
import type { Trx } from '../contract.js';

/**
 * companyName ↔ a CRM company, found by name (case-insensitive) or created. One instance per page:
 * a page of contacts of one firm makes the company once.
 */
export class CompanyNames {
  private readonly ids = new Map<string, string>();
  private readonly names = new Map<string, string | null>();
  /** Companies this page made (open pages learn of them by companies.synced). */
  readonly created: string[] = [];

  constructor(private readonly trx: Trx, private readonly workspaceId: string) {}

  async idFor(name: string | null): Promise<string | null> {
    const wanted = name?.trim();
    if (!wanted) return null;
    const key = wanted.toLowerCase();
    const known = this.ids.get(key);
    if (known) return known;
    const row = await this.trx.selectFrom('companies').select('id').where('workspace_id', '=', this.workspaceId).where('name_lower', '=', key)
      .orderBy('created_at').limit(1).executeTakeFirst();
    const id = row?.id ?? (await this.create(wanted));
    this.ids.set(key, id);
    this.names.set(id, wanted);
    return id;
  }

  private async create(name: string): Promise<string> {
    const { id } = await createCompany(this.trx as Db, this.workspaceId, { name });
    this.created.push(id);
    return id;
  }

  /** Learns the names of these companies in one statement (a page's people, before their fields are read). */
  async prime(companyIds: Array<string | null>): Promise<void> {
    const wanted = [...new Set(companyIds.filter((id): id is string => !!id && !this.names.has(id)))];
    for (let i = 0; i < wanted.length; i += 500) {
      const rows = await this.trx.selectFrom('companies').select(['id', 'name']).where('workspace_id', '=', this.workspaceId).where('id', 'in', wanted.slice(i, i + 500)).execute();
      for (const r of rows) this.names.set(r.id, r.name);
    }
  }

  async nameOf(companyId: string | null): Promise<string | null> {
    if (!companyId) return null;
    if (this.names.has(companyId)) return this.names.get(companyId)!;
    const row = await this.trx.selectFrom('companies').select('name').where('workspace_id', '=', this.workspaceId).where('id', '=', companyId).executeTakeFirst();
    this.names.set(companyId, row?.name ?? null);
    return row?.name ?? null;
  }
}
