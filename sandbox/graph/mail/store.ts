import type { SandboxContext } from '../../core/context.js';
import type { SandboxDb } from '../../core/db.js';
import { publishMessageChange } from './changes.js';
import { newChangeKey, newConversationId, newImmutableId, newInternetMessageId, newMessageId } from './ids.js';
import { mailboxRow, nextSeq } from './mailbox.js';
import { MESSAGE_COLUMNS, type Address, type FolderRow, type MessageRow, type NewMessageRow } from './rows.js';

export interface MessageInput {
  subject: string;
  bodyType: 'text' | 'html';
  body: string;
  from: Address | null;
  to: Address[];
  cc?: Address[];
  bcc?: Address[];
  replyTo?: Address[];
  isRead: boolean;
  isDraft: boolean;
  importance?: 'low' | 'normal' | 'high';
  flagStatus?: 'notFlagged' | 'flagged' | 'complete';
  categories?: string[];
  conversationId?: string;
  internetMessageId?: string;
  received?: string;
  sent?: string | null;
  inference?: 'focused' | 'other';
}

export const recipientsJson = (list: Address[] = []) =>
  JSON.stringify(list.map((a) => ({ emailAddress: { name: a.name, address: a.address } })));

export function previewOf(bodyType: string, body: string): string {
  const text = bodyType === 'html' ? body.replace(/<[^>]*>/g, ' ').replace(/&nbsp;/g, ' ') : body;
  return text.replace(/\s+/g, ' ').trim().slice(0, 255);
}

/** Builds a complete row; used by single inserts and by the bulk generator alike. */
export function buildRow(userId: string, folderId: string, seq: number, nowIso: string, m: MessageInput): NewMessageRow {
  const domain = (m.from?.address.split('@')[1] ?? 'sandbox.local').toLowerCase();
  return {
    user_id: userId,
    id: newMessageId(),
    immutable_id: newImmutableId(),
    folder_id: folderId,
    seq,
    created_seq: seq,
    change_key: newChangeKey(),
    created: nowIso,
    modified: nowIso,
    received: m.received ?? nowIso,
    sent: m.sent === undefined ? (m.received ?? nowIso) : m.sent,
    subject: m.subject,
    body_type: m.bodyType,
    body: m.body,
    preview: previewOf(m.bodyType, m.body),
    from_name: m.from?.name ?? null,
    from_addr: m.from?.address ?? null,
    to_json: recipientsJson(m.to),
    cc_json: recipientsJson(m.cc),
    bcc_json: recipientsJson(m.bcc),
    reply_to_json: recipientsJson(m.replyTo),
    is_read: m.isRead ? 1 : 0,
    is_draft: m.isDraft ? 1 : 0,
    importance: m.importance ?? 'normal',
    flag_status: m.flagStatus ?? 'notFlagged',
    categories_json: JSON.stringify(m.categories ?? []),
    conversation_id: m.conversationId ?? newConversationId(),
    internet_message_id: m.internetMessageId ?? newInternetMessageId(domain),
    inference: m.inference ?? 'focused',
  };
}

const statements = new WeakMap<SandboxDb, ReturnType<typeof prepare>>();
function prepare(db: SandboxDb) {
  return {
    insert: db.prepare(
      `INSERT INTO gm_message (${MESSAGE_COLUMNS.join(', ')}) VALUES (${MESSAGE_COLUMNS.map((c) => '@' + c).join(', ')})`,
    ),
    tombstone: db.prepare('INSERT INTO gm_tombstone (user_id, folder_id, id, immutable_id, seq) VALUES (?, ?, ?, ?, ?)'),
    correspondent: db.prepare(
      `INSERT INTO gm_correspondent (user_id, address, name, sent_to, received_from) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (user_id, address) DO UPDATE SET sent_to = sent_to + excluded.sent_to,
         received_from = received_from + excluded.received_from, name = excluded.name`,
    ),
    byPk: db.prepare('SELECT * FROM gm_message WHERE pk = ?'),
    byId: db.prepare('SELECT * FROM gm_message WHERE id = ?'),
    byImmutable: db.prepare('SELECT * FROM gm_message WHERE immutable_id = ?'),
    folder: db.prepare('SELECT * FROM gm_folder WHERE id = ?'),
  };
}
export function stmts(db: SandboxDb) {
  let s = statements.get(db);
  if (!s) statements.set(db, (s = prepare(db)));
  return s;
}

/** Counts who the user corresponds with, so that /me/people can rank by it. */
export function noteCorrespondence(db: SandboxDb, row: NewMessageRow, ownAddress: string, outgoing: boolean): void {
  const s = stmts(db).correspondent;
  if (outgoing) {
    for (const r of [...JSON.parse(row.to_json), ...JSON.parse(row.cc_json)] as Array<{ emailAddress: Address }>) {
      if (r.emailAddress.address.toLowerCase() !== ownAddress) s.run(row.user_id, r.emailAddress.address.toLowerCase(), r.emailAddress.name, 1, 0);
    }
  } else if (row.from_addr && row.from_addr.toLowerCase() !== ownAddress) {
    s.run(row.user_id, row.from_addr.toLowerCase(), row.from_name ?? row.from_addr, 0, 1);
  }
}

export function getMessage(db: SandboxDb, userId: string, key: string): MessageRow | undefined {
  const s = stmts(db);
  const row = (s.byId.get(key) ?? s.byImmutable.get(key)) as MessageRow | undefined;
  return row && row.user_id === userId ? row : undefined;
}

export function getFolder(db: SandboxDb, id: string): FolderRow {
  return stmts(db).folder.get(id) as FolderRow;
}

const ids = (r: Pick<MessageRow, 'id' | 'immutable_id'>) => ({ id: r.id, immutableId: r.immutable_id });
const tenantOf = (db: SandboxDb, userId: string) => mailboxRow(db, userId)?.tenant_id ?? '';
const ownAddress = (ctx: SandboxContext, userId: string) => (ctx.directory.userById(userId)?.mail ?? '').toLowerCase();

export function insertMessage(ctx: SandboxContext, folder: FolderRow, input: MessageInput): MessageRow {
  const db = ctx.db;
  const row = db.transaction(() => {
    const seq = nextSeq(db, folder.user_id);
    const r = buildRow(folder.user_id, folder.id, seq, new Date(ctx.now()).toISOString(), input);
    const own = ownAddress(ctx, folder.user_id);
    if (!r.is_draft) noteCorrespondence(db, r, own, (r.from_addr ?? '').toLowerCase() === own);
    const { lastInsertRowid } = stmts(db).insert.run(r);
    return stmts(db).byPk.get(lastInsertRowid) as MessageRow;
  })();
  publishMessageChange(ctx, tenantOf(db, folder.user_id), folder, 'created', ids(row), row.change_key);
  return row;
}

export type MessagePatch = Partial<Omit<NewMessageRow, 'user_id' | 'immutable_id' | 'seq' | 'created_seq' | 'change_key'>>;

/** Applies a change: new seq, new changeKey and lastModifiedDateTime, as Exchange does on every save. */
export function updateMessage(ctx: SandboxContext, row: MessageRow, patch: MessagePatch, publish = true): MessageRow {
  const db = ctx.db;
  const updated = db.transaction(() => {
    const seq = nextSeq(db, row.user_id);
    const next: MessageRow = { ...row, ...patch, seq, change_key: newChangeKey(), modified: new Date(ctx.now()).toISOString() };
    const cols = MESSAGE_COLUMNS.filter((c) => c !== 'user_id');
    db.prepare(`UPDATE gm_message SET ${cols.map((c) => `${c} = @${c}`).join(', ')} WHERE pk = @pk`).run(next);
    return next;
  })();
  if (publish) publishMessageChange(ctx, tenantOf(db, row.user_id), getFolder(db, updated.folder_id), 'updated', ids(updated), updated.change_key);
  return updated;
}

/** Removes a message, leaving a tombstone so the folder's delta can report `@removed`. */
export function deleteMessage(ctx: SandboxContext, row: MessageRow): void {
  const db = ctx.db;
  db.transaction(() => {
    const seq = nextSeq(db, row.user_id);
    stmts(db).tombstone.run(row.user_id, row.folder_id, row.id, row.immutable_id, seq);
    db.prepare('DELETE FROM gm_message WHERE pk = ?').run(row.pk);
    db.prepare('DELETE FROM gm_attachment WHERE message_pk = ?').run(row.pk);
  })();
  publishMessageChange(ctx, tenantOf(db, row.user_id), getFolder(db, row.folder_id), 'deleted', ids(row));
}

/**
 * Graph's DELETE: a soft delete into Recoverable Items. The message leaves the folder tree
 * clients see (the source folder's delta reports it `@removed`, and a `deleted` notification
 * goes out under the old id); it gets a new regular id there and keeps its immutable id.
 */
export function softDeleteMessage(ctx: SandboxContext, row: MessageRow, recoverable: FolderRow): void {
  const db = ctx.db;
  db.transaction(() => {
    stmts(db).tombstone.run(row.user_id, row.folder_id, row.id, row.immutable_id, nextSeq(db, row.user_id));
    updateMessage(ctx, row, { folder_id: recoverable.id, id: newMessageId() }, false);
  })();
  publishMessageChange(ctx, tenantOf(db, row.user_id), getFolder(db, row.folder_id), 'deleted', ids(row));
}

/** Moves a message: Exchange copies and deletes, so the regular id changes; the immutable id stays. */
export function moveMessage(ctx: SandboxContext, row: MessageRow, dest: FolderRow): MessageRow {
  if (dest.id === row.folder_id) return row;
  const db = ctx.db;
  const result = db.transaction(() => {
    stmts(db).tombstone.run(row.user_id, row.folder_id, row.id, row.immutable_id, nextSeq(db, row.user_id));
    return updateMessage(ctx, row, { folder_id: dest.id, id: newMessageId() }, false);
  })();
  const tenant = tenantOf(db, row.user_id);
  publishMessageChange(ctx, tenant, getFolder(db, row.folder_id), 'deleted', ids(row));
  publishMessageChange(ctx, tenant, dest, 'created', ids(result), result.change_key);
  return result;
}

export function copyMessage(ctx: SandboxContext, row: MessageRow, dest: FolderRow): MessageRow {
  const db = ctx.db;
  const copy = db.transaction(() => {
    const seq = nextSeq(db, row.user_id);
    const fresh = buildRow(row.user_id, dest.id, seq, new Date(ctx.now()).toISOString(), {
      subject: '', bodyType: 'text', body: '', from: null, to: [], isRead: false, isDraft: false,
    });
    const { pk: _pk, ...rest } = row;
    const r: NewMessageRow = { ...rest, id: fresh.id, immutable_id: fresh.immutable_id, folder_id: dest.id, seq, created_seq: seq,
      change_key: fresh.change_key, created: fresh.created, modified: fresh.modified };
    const { lastInsertRowid } = stmts(db).insert.run(r);
    // A copy is a new item: its attachments are copies with ids of their own.
    db.prepare(`INSERT INTO gm_attachment (message_pk, id, name, content_type, size, is_inline, content_id, content_b64, modified)
      SELECT ?, 'AAMkAGAtt' || lower(hex(randomblob(36))) || '=', name, content_type, size, is_inline, content_id, content_b64, modified
      FROM gm_attachment WHERE message_pk = ? ORDER BY pk`).run(lastInsertRowid, row.pk);
    return stmts(db).byPk.get(lastInsertRowid) as MessageRow;
  })();
  publishMessageChange(ctx, tenantOf(db, row.user_id), dest, 'created', ids(copy), copy.change_key);
  return copy;
}
