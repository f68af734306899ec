import type { Message, Recipient } from '@microsoft/microsoft-graph-types';
import { graphInstant } from '../../graph/instant.js';
import type { EmailValues } from './store.js';

/** Metadata only: the body is never asked for, so it can never be stored. */
export const MESSAGE_SELECT = [
  'id', 'parentFolderId', 'conversationId', 'internetMessageId', 'subject', 'from', 'toRecipients', 'ccRecipients', 'bccRecipients',
  'bodyPreview', 'receivedDateTime', 'isRead', 'isDraft', 'hasAttachments', 'importance', 'changeKey',
].join(',');

const addr = (r: Recipient | null | undefined) => (r?.emailAddress?.address ?? '').trim().toLowerCase();

/**
 * One Graph message as an emails row (minus ids the store adds) and the addresses it carries.
 * An item from a folder's delta belongs to that folder: its folder is the scope's key, never
 * parentFolderId, whose encoding Graph does not promise to match the folder listing's (sweeps and
 * @removed deletes are scoped by the key, so a different spelling would strand the row).
 */
export function mapMessage(m: Message, folderGraphId: string): { row: EmailValues; addresses: string[] } {
  const recipients: Array<{ name: string | null; address: string; kind: 'to' | 'cc' | 'bcc' }> = [];
  for (const [kind, list] of [['to', m.toRecipients], ['cc', m.ccRecipients], ['bcc', m.bccRecipients]] as const) {
    for (const r of list ?? []) {
      const a = addr(r);
      if (a) recipients.push({ name: r.emailAddress?.name ?? null, address: a, kind });
    }
  }
  const from = addr(m.from);
  const row: EmailValues = {
    graph_id: m.id!,
    folder_graph_id: folderGraphId,
    conversation_id: m.conversationId ?? null,
    internet_message_id: m.internetMessageId ?? null,
    subject: m.subject ?? null,
    from_name: m.from?.emailAddress?.name ?? null,
    from_address: from || null,
    recipients: JSON.stringify(recipients),
    preview: m.bodyPreview ?? null,
    received_at: graphInstant(m.receivedDateTime),
    is_read: m.isRead ? 1 : 0,
    is_draft: m.isDraft ? 1 : 0,
    has_attachments: m.hasAttachments ? 1 : 0,
    importance: m.importance ?? null,
    change_key: m.changeKey ?? null,
    updated_at: new Date().toISOString(),
  };
  return { row, addresses: [...new Set([from, ...recipients.map((r) => r.address)].filter(Boolean))] };
}
