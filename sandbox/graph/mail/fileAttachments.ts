import { randomBytes } from 'node:crypto';
import type { SandboxContext } from '../../core/context.js';
import type { SandboxDb } from '../../core/db.js';
import { GraphError, badRequest } from '../http/errors.js';

/** A fileAttachment as a send carries it, content in canonical base64. */
export interface FileAttachmentInput {
  name: string;
  contentType: string;
  contentB64: string;
  size: number;
  isInline: boolean;
  contentId: string | null;
}

/**
 * Graph takes attachments inline in sendMail only while the whole request stays small: 3 MB of
 * attachment content (about 4 MB once base64-encoded, Graph's request ceiling). Bigger files
 * need a draft and an upload session.
 */
export const INLINE_SEND_LIMIT = 3 * 1024 * 1024;

/** Decodes contentBytes as .NET's base64 reader does: whitespace ignored, padding and alphabet strict. */
function decode(value: unknown): Buffer | undefined {
  if (typeof value !== 'string') return undefined;
  const compact = value.replace(/\s+/g, '');
  if (compact.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(compact)) return undefined;
  return Buffer.from(compact, 'base64');
}

/** Reads `message.attachments` of a send: fileAttachments only; 400 for a malformed one, 413 past the limit. */
export function parseFileAttachments(raw: unknown): FileAttachmentInput[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) throw badRequest("Property 'attachments' must be a collection of attachments.", 'RequestBodyRead');
  let total = 0;
  const list = raw.map((a: Record<string, unknown>) => {
    const type = String(a?.['@odata.type'] ?? '').toLowerCase();
    if (type === '#microsoft.graph.itemattachment' || type === '#microsoft.graph.referenceattachment') {
      throw new GraphError(501, 'NotImplemented', `The sandbox tenant does not serve ${String(a['@odata.type'])} yet.`);
    }
    if (type !== '#microsoft.graph.fileattachment') throw badRequest("An attachment's '@odata.type' must be '#microsoft.graph.fileAttachment'.", 'ErrorInvalidRequest');
    if (typeof a.name !== 'string' || !a.name) throw badRequest('The attachment name is required.', 'ErrorInvalidRequest');
    const bytes = decode(a.contentBytes);
    if (!bytes) throw badRequest(`Cannot convert the literal '${String(a.contentBytes).slice(0, 40)}' to the expected type 'Edm.Binary'.`, 'RequestBodyRead');
    total += bytes.length;
    return {
      name: a.name,
      contentType: typeof a.contentType === 'string' && a.contentType ? a.contentType : 'application/octet-stream',
      contentB64: bytes.toString('base64'),
      size: bytes.length,
      isInline: a.isInline === true,
      contentId: typeof a.contentId === 'string' ? a.contentId : null,
    };
  });
  if (total > INLINE_SEND_LIMIT) {
    throw new GraphError(413, 'ErrorMessageSizeExceeded', 'The message exceeds the maximum supported size. Attach files over 3 MB with an upload session.');
  }
  return list;
}

/** Stores attachments on a message (a Sent Items copy, or a recipient's Inbox copy: each gets ids of its own). */
export function storeAttachments(ctx: SandboxContext, messagePk: number, list: FileAttachmentInput[]): void {
  const insert = ctx.db.prepare(
    'INSERT INTO gm_attachment (message_pk, id, name, content_type, size, is_inline, content_id, content_b64, modified) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const now = new Date(ctx.now()).toISOString();
  for (const a of list) {
    insert.run(messagePk, `AAMkAGAtt${randomBytes(48).toString('base64url')}=`, a.name, a.contentType, a.size, a.isInline ? 1 : 0, a.contentId, a.contentB64, now);
  }
}

/** A stored message's attachments, in the order they were added (a draft being sent). */
export function attachmentsOf(db: SandboxDb, messagePk: number): FileAttachmentInput[] {
  const rows = db.prepare('SELECT name, content_type, content_b64, size, is_inline, content_id FROM gm_attachment WHERE message_pk = ? ORDER BY pk')
    .all(messagePk) as Array<{ name: string; content_type: string; content_b64: string; size: number; is_inline: number; content_id: string | null }>;
  return rows.map((r) => ({ name: r.name, contentType: r.content_type, contentB64: r.content_b64, size: r.size, isInline: r.is_inline === 1, contentId: r.content_id }));
}
