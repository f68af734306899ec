import { createCompany } from '../../../../crm/companies.js';
import type { Db } from '../../../../db/database.js';
import type { Trx } from '../../contract.js';
import { isPublicDomain } from './addressRules.js';

const DOMAIN = /^[a-z0-9.-]+\.[a-z0-9-]+$/;

/** "mail.contoso.com" → "Contoso"; "acme.co.uk" → "Acme" (a second-level country suffix is skipped). */
export function companyNameOf(domain: string): string {
  const parts = domain.split('.');
  const countrySecondLevel = parts.length >= 3 && parts.at(-1)!.length === 2 && parts.at(-2)!.length <= 3;
  const label = parts.at(countrySecondLevel ? -3 : -2) ?? domain;
  return label.charAt(0).toUpperCase() + label.slice(1);
}

/**
 * An email domain ↔ the workspace's company, found or created once per batch. A company already
 * carrying the domain wins; else one of the same name without a domain is given it; else one is
 * made. The claim row (mail_company_domains) makes one company even when two users' jobs meet the
 * domain at once (on PostgreSQL the second waits for the first's commit); a company the user
 * deleted since is not made again. Public mail domains give no company.
 */
export class CompanyDomains {
  private readonly ids = new Map<string, string | null>();
  /** Companies this batch made (open pages learn of them by companies.synced). */
  readonly created: string[] = [];

  constructor(private readonly trx: Trx, private readonly workspaceId: string) {}

  async idFor(domain: string): Promise<string | null> {
    if (this.ids.has(domain)) return this.ids.get(domain)!;
    const id = isPublicDomain(domain) || !DOMAIN.test(domain) ? null : await this.findOrCreate(domain);
    this.ids.set(domain, id);
    return id;
  }

  private async findOrCreate(domain: string): Promise<string | null> {
    const existing = await this.byDomain(domain);
    if (existing) return existing;
    const claimed = await this.trx.insertInto('mail_company_domains').values({ workspace_id: this.workspaceId, domain, created_at: new Date().toISOString() })
      .onConflict((oc) => oc.columns(['workspace_id', 'domain']).doNothing()).returning('domain').executeTakeFirst();
    // Claimed before: by a job that has made the company since, or by one whose company was deleted.
    if (!claimed) return this.byDomain(domain);
    const name = companyNameOf(domain);
    const named = await this.trx.selectFrom('companies').select('id').where('workspace_id', '=', this.workspaceId).where('name_lower', '=', name.toLowerCase())
      .where('domain', 'is', null).orderBy('created_at').limit(1).executeTakeFirst();
    if (named) {
      await this.trx.updateTable('companies').set({ domain, updated_at: new Date().toISOString() }).where('id', '=', named.id).execute();
      return named.id;
    }
    const { id } = await createCompany(this.trx as Db, this.workspaceId, { name, domain });
    this.created.push(id);
    return id;
  }

  private async byDomain(domain: string): Promise<string | null> {
    const row = await this.trx.selectFrom('companies').select('id').where('workspace_id', '=', this.workspaceId).where('domain', '=', domain)
      .orderBy('created_at').limit(1).executeTakeFirst();
    return row?.id ?? null;
  }
}
