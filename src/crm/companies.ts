import type { Db } from '../db/database.js';
import type { CompaniesTable } from '../db/tables/crm.js';
import { newId } from '../lib/ids.js';
import { invalid, notFound, nowIso } from './errors.js';
import { afterCursor, containsPattern, pageLimit, toPage, type Page, type PageRequest } from './pagination.js';
import { sql } from 'kysely';

export interface Company {
  id: string;
  name: string;
  domain: string | null;
  notes: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface CompanyInput {
  name?: string;
  domain?: string | null;
  notes?: string | null;
}

function toCompany(row: CompaniesTable): Company {
  return { id: row.id, name: row.name, domain: row.domain, notes: row.notes, createdAt: row.created_at, updatedAt: row.updated_at };
}

function cleanName(name: string): string {
  const trimmed = name.trim();
  if (!trimmed) throw invalid('name', 'must not be blank');
  return trimmed;
}

function cleanDomain(domain: string | null | undefined): string | null {
  const d = domain?.trim().toLowerCase() || null;
  if (d && !/^[a-z0-9.-]+\.[a-z0-9-]+$/.test(d)) throw invalid('domain', `"${domain}" is not a domain name like example.com`);
  return d;
}

export async function listCompanies(db: Db, workspaceId: string, filter: PageRequest & { q?: string }): Promise<Page<Company>> {
  const limit = pageLimit(filter);
  let query = db.selectFrom('companies').where('workspace_id', '=', workspaceId).selectAll();
  if (filter.q) {
    const pattern = containsPattern(filter.q);
    query = query.where((eb) => eb.or([sql<boolean>`name_lower like ${pattern} escape '\\'`, sql<boolean>`domain like ${pattern} escape '\\'`]));
  }
  if (filter.cursor) query = query.where(afterCursor('name_lower', 'id', 'asc', filter.cursor));
  const rows = await query.orderBy('name_lower').orderBy('id').limit(limit + 1).execute();
  return toPage(rows, limit, (r) => r.name_lower, (rs) => rs.map(toCompany));
}

export async function getCompany(db: Db, workspaceId: string, id: string): Promise<Company> {
  const row = await db.selectFrom('companies').where('workspace_id', '=', workspaceId).where('id', '=', id).selectAll().executeTakeFirst();
  if (!row) throw notFound('company');
  return toCompany(row);
}

/** For links from other records: a company outside the workspace is a bad reference, not a missing page. */
export async function assertCompanyReference(db: Db, workspaceId: string, id: string, field = 'companyId'): Promise<void> {
  const row = await db.selectFrom('companies').where('workspace_id', '=', workspaceId).where('id', '=', id).select('id').executeTakeFirst();
  if (!row) throw invalid(field, `no company with id ${id} in this workspace`);
}

export async function createCompany(db: Db, workspaceId: string, input: CompanyInput & { name: string }): Promise<Company> {
  const name = cleanName(input.name);
  const at = nowIso();
  const row: CompaniesTable = {
    id: newId(), workspace_id: workspaceId, name, name_lower: name.toLowerCase(),
    domain: cleanDomain(input.domain), notes: input.notes ?? null, created_at: at, updated_at: at,
  };
  await db.insertInto('companies').values(row).execute();
  return toCompany(row);
}

export async function updateCompany(db: Db, workspaceId: string, id: string, patch: CompanyInput): Promise<Company> {
  await getCompany(db, workspaceId, id);
  const set: Partial<CompaniesTable> = { updated_at: nowIso() };
  if (patch.name !== undefined) {
    set.name = cleanName(patch.name);
    set.name_lower = set.name.toLowerCase();
  }
  if (patch.domain !== undefined) set.domain = cleanDomain(patch.domain);
  if (patch.notes !== undefined) set.notes = patch.notes;
  await db.updateTable('companies').set(set).where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
  return getCompany(db, workspaceId, id);
}

/** People, tasks and activities keep existing and lose the link (foreign keys: on delete set null). */
export async function deleteCompany(db: Db, workspaceId: string, id: string): Promise<void> {
  const result = await db.deleteFrom('companies').where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
  if (Number(result.numDeletedRows) === 0) throw notFound('company');
}
