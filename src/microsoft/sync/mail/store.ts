import type { Insertable, SelectQueryBuilder } from 'kysely';
import { findPeopleByEmails } from '../../../crm/people.js';
import type { EmailsTable } from '../../../db/tables/microsoft.js';
import type { Tables } from '../../../db/tables/index.js';
import type { SyncAccount, Trx } from '../contract.js';
import { runShaped } from './statementShapes.js';

/** Rows per INSERT: 22 columns each stays far below SQLite's and PostgreSQL's bound-parameter limits. */
const CHUNK = 400;

export type EmailQuery = SelectQueryBuilder<Tables, 'emails', object>;

/** Deletes emails (and their people links) of one account matching `filter`. */
export async function deleteEmailsWhere(trx: Trx, accountId: string, filter: (q: EmailQuery) => EmailQuery): Promise<number> {
  const ids = () => filter(trx.selectFrom('emails').where('account_id', '=', accountId)).select('id');
  await trx.deleteFrom('email_people').where('account_id', '=', accountId).where('email_id', 'in', ids()).execute();
  const res = await trx.deleteFrom('emails').where('account_id', '=', accountId).where('id', 'in', ids()).executeTakeFirst();
  return Number(res.numDeletedRows);
}

/**
 * Every row synced from one mail account: its email timeline entries (found by their source key:
 * the source id is one of this account's email ids or Graph ids, never by who created them), the
 * people links, the emails and the folders. Timeline entries go first, while the emails naming them exist.
 */
export async function deleteSyncedMail(trx: Trx, account: Pick<SyncAccount, 'id' | 'workspaceId'>): Promise<number> {
  const ids = trx.selectFrom('emails').select('id').where('account_id', '=', account.id);
  const graphIds = trx.selectFrom('emails').select('graph_id').where('account_id', '=', account.id);
  await trx.deleteFrom('activities')
    .where('workspace_id', '=', account.workspaceId)
    .where('kind', '=', 'email')
    .where('source_type', 'is not', null)
    .where('source_type', '!=', 'crm')
    .where((eb) => eb.or([eb('source_id', 'in', ids), eb('source_id', 'in', graphIds)]))
    .execute();
  await trx.deleteFrom('email_people').where('account_id', '=', account.id).execute();
  const emails = await trx.deleteFrom('emails').where('account_id', '=', account.id).executeTakeFirst();
  await trx.deleteFrom('mail_folders').where('account_id', '=', account.id).execute();
  return Number(emails.numDeletedRows);
}

export type EmailValues = Omit<Insertable<EmailsTable>, 'id' | 'account_id' | 'user_id' | 'workspace_id' | 'sync_round'>;

/** Upserts by (account, immutable graph id); returns row id per graph id. `round` stamps a full round. */
export async function upsertEmails(trx: Trx, account: SyncAccount, rows: Array<EmailValues & { id: string }>, round: string | null): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK).map((r) => ({ ...r, account_id: account.id, user_id: account.userId, workspace_id: account.workspaceId, sync_round: round }));
    const columns = Object.keys(chunk[0]!) as Array<keyof (typeof chunk)[number]>;
    const params = chunk.flatMap((r) => columns.map((c) => r[c]));
    const uniform = chunk.every((r) => Object.keys(r).length === columns.length);
    const stored = await runShaped(trx, uniform ? `emails:${chunk.length}:${round ? 1 : 0}:${columns.join(',')}` : null, params, () => trx.insertInto('emails').values(chunk)
      .onConflict((oc) => oc.columns(['account_id', 'graph_id']).doUpdateSet((eb) => ({
        folder_graph_id: eb.ref('excluded.folder_graph_id'),
        conversation_id: eb.ref('excluded.conversation_id'),
        internet_message_id: eb.ref('excluded.internet_message_id'),
        subject: eb.ref('excluded.subject'),
        from_name: eb.ref('excluded.from_name'),
        from_address: eb.ref('excluded.from_address'),
        recipients: eb.ref('excluded.recipients'),
        preview: eb.ref('excluded.preview'),
        received_at: eb.ref('excluded.received_at'),
        is_read: eb.ref('excluded.is_read'),
        is_draft: eb.ref('excluded.is_draft'),
        has_attachments: eb.ref('excluded.has_attachments'),
        importance: eb.ref('excluded.importance'),
        change_key: eb.ref('excluded.change_key'),
        updated_at: eb.ref('excluded.updated_at'),
        ...(round ? { sync_round: eb.ref('excluded.sync_round') } : {}),
      })))
      .returning(['id', 'graph_id']));
    for (const s of stored) ids.set(s.graph_id, s.id);
  }
  return ids;
}

/**
 * Links emails to the CRM people of the account's workspace whose addresses they carry. Links are
 * rewritten per email so a replayed page leaves exactly one link per (email, person).
 */
export async function linkPeople(trx: Trx, account: SyncAccount, addressesByEmailId: Map<string, string[]>): Promise<void> {
  const emailIds = [...addressesByEmailId.keys()];
  if (!emailIds.length) return;
  const all = [...new Set([...addressesByEmailId.values()].flat())];
  const people = all.length ? await findPeopleByEmails(trx as never, account.workspaceId, all) : new Map();
  for (let i = 0; i < emailIds.length; i += 500) {
    await trx.deleteFrom('email_people').where('account_id', '=', account.id).where('email_id', 'in', emailIds.slice(i, i + 500)).execute();
  }
  if (!people.size) return;
  const links: Array<{ email_id: string; person_id: string; account_id: string }> = [];
  for (const [emailId, addresses] of addressesByEmailId) {
    const seen = new Set<string>();
    for (const a of addresses) {
      const p = people.get(a);
      if (p && !seen.has(p.id)) {
        seen.add(p.id);
        links.push({ email_id: emailId, person_id: p.id, account_id: account.id });
      }
    }
  }
  for (let i = 0; i < links.length; i += 1000) {
    await trx.insertInto('email_people').values(links.slice(i, i + 1000)).onConflict((oc) => oc.doNothing()).execute();
  }
}
