import { sql, type Selectable } from 'kysely';
import { decodeCursor, encodeCursor } from '../../../crm/pagination.js';
import type { Db } from '../../../db/database.js';
import type { EmailsTable } from '../../../db/tables/microsoft.js';
import { invalidInput, notFound } from './errors.js';

/** Reads of synced mail metadata. Every query is scoped to one account: the caller's own. */
export interface FolderView {
  id: string;
  name: string;
  wellKnown: string | null;
  parentId: string | null;
  unreadCount: number;
  totalCount: number;
}

export interface Address {
  name: string | null;
  address: string;
}

export interface MessageSummary {
  id: string;
  folderId: string | null;
  subject: string;
  from: Address | null;
  to: Address[];
  preview: string;
  receivedAt: string | null;
  isRead: boolean;
  isDraft: boolean;
  hasAttachments: boolean;
}

export interface MessageDetail extends MessageSummary {
  cc: Address[];
  bcc: Address[];
  conversationId: string | null;
}

const WELL_KNOWN_ORDER = ['inbox', 'drafts', 'sentitems', 'archive', 'deleteditems', 'junkemail'];

export async function listFolders(db: Db, accountId: string): Promise<FolderView[]> {
  const rows = await db.selectFrom('mail_folders').selectAll().where('account_id', '=', accountId).execute();
  const rank = (w: string | null) => (w && WELL_KNOWN_ORDER.includes(w) ? WELL_KNOWN_ORDER.indexOf(w) : WELL_KNOWN_ORDER.length);
  rows.sort((a, b) => rank(a.well_known) - rank(b.well_known) || a.display_name.localeCompare(b.display_name));
  const localId = new Map(rows.map((r) => [r.graph_id, r.id]));
  return rows.map((r) => ({
    id: r.id, name: r.display_name, wellKnown: r.well_known, parentId: r.parent_graph_id ? (localId.get(r.parent_graph_id) ?? null) : null,
    unreadCount: r.unread_count, totalCount: r.total_count,
  }));
}

async function folderGraphIds(db: Db, accountId: string): Promise<Map<string, string>> {
  const rows = await db.selectFrom('mail_folders').select(['id', 'graph_id']).where('account_id', '=', accountId).execute();
  return new Map(rows.map((r) => [r.graph_id, r.id]));
}

function parseAddresses(json: string): Array<Address & { kind: string }> {
  try {
    const v = JSON.parse(json) as unknown;
    return Array.isArray(v) ? (v as Array<Address & { kind: string }>).filter((a) => a && typeof a.address === 'string') : [];
  } catch {
    return [];
  }
}

function recipientsOf(r: Selectable<EmailsTable>, kind: string): Address[] {
  return parseAddresses(r.recipients).filter((a) => a.kind === kind).map(({ name, address }) => ({ name: name ?? null, address }));
}

function summary(r: Selectable<EmailsTable>, folders: Map<string, string>): MessageSummary {
  return {
    id: r.id, folderId: folders.get(r.folder_graph_id) ?? null, subject: r.subject ?? '', preview: r.preview ?? '',
    from: r.from_address ? { name: r.from_name, address: r.from_address } : null, to: recipientsOf(r, 'to'), receivedAt: r.received_at,
    isRead: r.is_read === 1, isDraft: r.is_draft === 1, hasAttachments: r.has_attachments === 1,
  };
}

export function detail(r: Selectable<EmailsTable>, folders: Map<string, string>): MessageDetail {
  return { ...summary(r, folders), cc: recipientsOf(r, 'cc'), bcc: recipientsOf(r, 'bcc'), conversationId: r.conversation_id };
}

export async function listMessages(db: Db, accountId: string, opts: { folderId?: string; cursor?: string; limit: number }): Promise<{ items: MessageSummary[]; nextCursor: string | null }> {
  const folders = await folderGraphIds(db, accountId);
  let q = db.selectFrom('emails').selectAll().where('account_id', '=', accountId);
  if (opts.folderId) {
    const folder = await db.selectFrom('mail_folders').select('graph_id').where('account_id', '=', accountId).where('id', '=', opts.folderId).executeTakeFirst();
    if (!folder) throw notFound('folder');
    q = q.where('folder_graph_id', '=', folder.graph_id);
  }
  const received = sql<string>`coalesce(received_at, '')`;
  if (opts.cursor) {
    const { key, id } = decodeCursor(opts.cursor);
    q = q.where(sql<boolean>`(${received} < ${key} or (${received} = ${key} and id < ${id}))`);
  }
  const rows = await q.orderBy(received, 'desc').orderBy('id', 'desc').limit(opts.limit + 1).execute();
  const more = rows.length > opts.limit;
  const kept = more ? rows.slice(0, opts.limit) : rows;
  const last = kept[kept.length - 1];
  return { items: kept.map((r) => summary(r, folders)), nextCursor: more && last ? encodeCursor(last.received_at ?? '', last.id) : null };
}

/** The caller's message by local id; another account's id is simply not found. */
export async function emailRow(db: Db, accountId: string, id: string): Promise<Selectable<EmailsTable>> {
  const row = await db.selectFrom('emails').selectAll().where('account_id', '=', accountId).where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound();
  return row;
}

export async function messageDetail(db: Db, accountId: string, id: string): Promise<MessageDetail> {
  return detail(await emailRow(db, accountId, id), await folderGraphIds(db, accountId));
}

export function parseLimit(raw: string | undefined): number {
  if (raw === undefined) return 50;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 200) throw invalidInput('Check limit: it must be an integer from 1 to 200.');
  return n;
}
