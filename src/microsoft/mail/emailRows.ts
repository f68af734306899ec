import type { Message, Recipient } from '@microsoft/microsoft-graph-types';
import type { Insertable } from 'kysely';
import type { Db } from '../../db/database.js';
import { graphInstant } from '../graph/instant.js';
import type { EmailsTable } from '../../db/tables/microsoft.js';
import { newId } from '../../lib/ids.js';

/**
 * Write-through after a successful Graph write: the local row takes Graph's answer. The echo
 * notification and the next delta round bring the same values, so both orders end in one state.
 * Only metadata: the body is never written.
 */
type Changes = Partial<Omit<EmailsTable, 'id' | 'account_id' | 'user_id' | 'workspace_id' | 'graph_id' | 'people_scanned'>>;

function recipientsOf(m: Message): string | undefined {
  const lists: Array<[Recipient[] | null | undefined, 'to' | 'cc' | 'bcc']> = [[m.toRecipients, 'to'], [m.ccRecipients, 'cc'], [m.bccRecipients, 'bcc']];
  if (lists.every(([l]) => l === undefined)) return undefined;
  const out: Array<{ name: string | null; address: string; kind: string }> = [];
  for (const [list, kind] of lists) {
    for (const r of list ?? []) if (r.emailAddress?.address) out.push({ name: r.emailAddress.name ?? null, address: r.emailAddress.address, kind });
  }
  return JSON.stringify(out);
}

/** The columns a Graph message (or part of one) sets; absent fields are left alone. */
export function changesFromGraph(m: Message): Changes {
  const c: Changes = { updated_at: new Date().toISOString() };
  if (m.parentFolderId) c.folder_graph_id = m.parentFolderId;
  if (m.isRead !== undefined && m.isRead !== null) c.is_read = m.isRead ? 1 : 0;
  if (m.isDraft !== undefined && m.isDraft !== null) c.is_draft = m.isDraft ? 1 : 0;
  if (m.subject !== undefined) c.subject = m.subject ?? null;
  if (m.bodyPreview !== undefined) c.preview = m.bodyPreview ?? null;
  if (m.changeKey !== undefined) c.change_key = m.changeKey ?? null;
  // Stored as sync stores it (ISO UTC), so the two writers sort alike.
  if (m.receivedDateTime !== undefined) c.received_at = graphInstant(m.receivedDateTime);
  if (m.hasAttachments !== undefined && m.hasAttachments !== null) c.has_attachments = m.hasAttachments ? 1 : 0;
  if (m.from !== undefined) {
    c.from_name = m.from?.emailAddress?.name ?? null;
    c.from_address = m.from?.emailAddress?.address?.toLowerCase() ?? null;
  }
  const recipients = recipientsOf(m);
  if (recipients !== undefined) c.recipients = recipients;
  if (m.conversationId !== undefined) c.conversation_id = m.conversationId ?? null;
  if (m.internetMessageId !== undefined) c.internet_message_id = m.internetMessageId ?? null;
  return c;
}

export async function applyGraphMessage(db: Db, accountId: string, localId: string, m: Message): Promise<void> {
  await db.updateTable('emails').set(changesFromGraph(m)).where('account_id', '=', accountId).where('id', '=', localId).execute();
}

/** Inserts (or refreshes) the row of a message Tandem itself created, e.g. a draft; returns its local id. */
export async function upsertGraphMessage(db: Db, owner: { accountId: string; userId: string; workspaceId: string }, m: Message): Promise<string> {
  if (!m.id) throw new Error('Graph message without id');
  const changes = changesFromGraph(m);
  const row: Insertable<EmailsTable> = {
    id: newId(), account_id: owner.accountId, user_id: owner.userId, workspace_id: owner.workspaceId, graph_id: m.id,
    folder_graph_id: m.parentFolderId ?? '', conversation_id: null, internet_message_id: null, subject: null, from_name: null,
    from_address: null, recipients: '[]', preview: null, received_at: null, is_read: 0, is_draft: 0, has_attachments: 0,
    importance: null, change_key: null, sync_round: null, updated_at: new Date().toISOString(), ...changes,
  };
  await db.insertInto('emails').values(row).onConflict((oc) => oc.columns(['account_id', 'graph_id']).doUpdateSet(changes)).execute();
  const stored = await db.selectFrom('emails').select('id').where('account_id', '=', owner.accountId).where('graph_id', '=', m.id).executeTakeFirstOrThrow();
  return stored.id;
}
