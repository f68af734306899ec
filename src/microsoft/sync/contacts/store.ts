import type { Selectable } from 'kysely';
import type { ContactsContactsTable } from '../../../db/tables/contacts.js';
import { newId } from '../../../lib/ids.js';
import type { SyncAccount, Trx } from '../contract.js';
import type { ContactFields } from './mapContact.js';

export type ContactRow = Selectable<ContactsContactsTable>;

/** One contact as the page maps it, with where it lives and its version. */
export interface StoredContact {
  graphId: string;
  folder: string;
  changeKey: string | null;
  modifiedAt: string | null;
  fields: ContactFields;
}

const CHUNK = 500;

export function fieldsOf(row: ContactRow): ContactFields {
  return {
    name: row.name, emails: JSON.parse(row.emails) as string[], phones: JSON.parse(row.phones) as string[],
    companyName: row.company_name, jobTitle: row.job_title, notes: row.notes,
  };
}

export async function rowsByGraphIds(trx: Trx, accountId: string, graphIds: string[]): Promise<Map<string, ContactRow>> {
  const out = new Map<string, ContactRow>();
  for (let i = 0; i < graphIds.length; i += CHUNK) {
    const rows = await trx.selectFrom('contacts_contacts').selectAll().where('account_id', '=', accountId).where('graph_id', 'in', graphIds.slice(i, i + CHUNK)).execute();
    for (const r of rows) out.set(r.graph_id, r);
  }
  return out;
}

/** Upserts by (account, graph id); a full round stamps `round` so its sweep keeps them. */
export async function upsertRows(trx: Trx, account: SyncAccount, rows: StoredContact[], round: string | null): Promise<void> {
  const at = new Date().toISOString();
  for (let i = 0; i < rows.length; i += 100) {
    const values = rows.slice(i, i + 100).map((r) => ({
      id: newId(), account_id: account.id, user_id: account.userId, workspace_id: account.workspaceId, folder_graph_id: r.folder, graph_id: r.graphId,
      change_key: r.changeKey, name: r.fields.name, emails: JSON.stringify(r.fields.emails), phones: JSON.stringify(r.fields.phones),
      company_name: r.fields.companyName, job_title: r.fields.jobTitle, notes: r.fields.notes, modified_at: r.modifiedAt, sync_round: round, updated_at: at,
    }));
    await trx.insertInto('contacts_contacts').values(values)
      .onConflict((oc) => oc.columns(['account_id', 'graph_id']).doUpdateSet((eb) => ({
        folder_graph_id: eb.ref('excluded.folder_graph_id'), change_key: eb.ref('excluded.change_key'), name: eb.ref('excluded.name'),
        emails: eb.ref('excluded.emails'), phones: eb.ref('excluded.phones'), company_name: eb.ref('excluded.company_name'),
        job_title: eb.ref('excluded.job_title'), notes: eb.ref('excluded.notes'), modified_at: eb.ref('excluded.modified_at'), updated_at: eb.ref('excluded.updated_at'),
        ...(round ? { sync_round: eb.ref('excluded.sync_round') } : {}),
      })))
      .execute();
  }
}

export async function deleteRows(trx: Trx, accountId: string, graphIds: string[]): Promise<void> {
  for (let i = 0; i < graphIds.length; i += CHUNK) {
    await trx.deleteFrom('contacts_contacts').where('account_id', '=', accountId).where('graph_id', 'in', graphIds.slice(i, i + CHUNK)).execute();
  }
}

/** The graph ids of a folder's rows a full round did not see (deleted while the cursor was lost). */
export async function staleGraphIds(trx: Trx, accountId: string, folder: string, round: string | null): Promise<string[]> {
  let q = trx.selectFrom('contacts_contacts').select('graph_id').where('account_id', '=', accountId).where('folder_graph_id', '=', folder);
  if (round) q = q.where((eb) => eb.or([eb('sync_round', 'is', null), eb('sync_round', '!=', round)]));
  return (await q.execute()).map((r) => r.graph_id);
}
