import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { SandboxContext } from '../../core/context.js';
import { GraphError, badRequest } from '../http/errors.js';
import { graphBase, graphRoute, type GraphCall } from '../http/route.js';
import { checkOptions } from '../odata/options.js';
import { messageOr404 } from './messages.js';
import { ATTACHMENT_JSON } from './serialize.js';
import { updateMessage } from './store.js';

// Graph documents a single POST for files under 3 MB; bigger ones need an upload session.
const SMALL_LIMIT = 3 * 1024 * 1024;

interface AttachmentRow { pk: number; content_type: string; content_b64: string; name: string }

const notFound = () => new GraphError(404, 'ErrorItemNotFound', 'The specified object was not found in the store.');

function attachmentOr404(call: GraphCall, messagePk: number): AttachmentRow {
  const row = call.ctx.db.prepare('SELECT pk, content_type, content_b64, name FROM gm_attachment WHERE message_pk = ? AND id = ?')
    .get(messagePk, call.params.attachmentId ?? '') as AttachmentRow | undefined;
  if (!row) throw notFound();
  return row;
}

function attachmentJson(call: GraphCall, pk: number): Record<string, unknown> {
  const { j } = call.ctx.db.prepare(`SELECT ${ATTACHMENT_JSON} AS j FROM gm_attachment a WHERE a.pk = ?`).get(pk) as { j: string };
  return JSON.parse(j) as Record<string, unknown>;
}

function list(call: GraphCall) {
  checkOptions(call.query, []);
  const message = messageOr404(call);
  const rows = call.ctx.db.prepare(`SELECT ${ATTACHMENT_JSON} AS j FROM gm_attachment a WHERE a.message_pk = ? ORDER BY a.pk`).all(message.pk) as Array<{ j: string }>;
  const context = `${graphBase(call.ctx, call.req)}/v1.0/$metadata#users('${call.userId}')/messages('${message.id}')/attachments`;
  return { '@odata.context': context, value: rows.map((r) => JSON.parse(r.j) as unknown) };
}

/** A small fileAttachment (Graph's single POST); item and reference attachments are not served yet. */
function create(call: GraphCall) {
  const message = messageOr404(call);
  const b = call.body;
  const type = String(b['@odata.type'] ?? '').toLowerCase();
  if (type === '#microsoft.graph.itemattachment' || type === '#microsoft.graph.referenceattachment') {
    throw new GraphError(501, 'NotImplemented', `The sandbox tenant does not serve ${String(b['@odata.type'])} yet.`);
  }
  if (type !== '#microsoft.graph.fileattachment') throw badRequest("The property '@odata.type' must be '#microsoft.graph.fileAttachment'.", 'ErrorInvalidRequest');
  if (typeof b.name !== 'string' || !b.name) throw badRequest('The attachment name is required.', 'ErrorInvalidRequest');
  if (typeof b.contentBytes !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(b.contentBytes)) {
    throw badRequest('contentBytes must be base64-encoded content.', 'ErrorInvalidRequest');
  }
  const size = Buffer.from(b.contentBytes, 'base64').length;
  if (size > SMALL_LIMIT) throw new GraphError(413, 'ErrorMessageSizeExceeded', 'The message exceeds the maximum supported size.');
  const id = `AAMkAGAtt${randomBytes(48).toString('base64url')}=`;
  const contentType = typeof b.contentType === 'string' && b.contentType ? b.contentType : 'application/octet-stream';
  const { lastInsertRowid } = call.ctx.db.prepare(
    'INSERT INTO gm_attachment (message_pk, id, name, content_type, size, is_inline, content_id, content_b64, modified) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  ).run(message.pk, id, b.name, contentType, size, b.isInline === true ? 1 : 0, typeof b.contentId === 'string' ? b.contentId : null,
    b.contentBytes, new Date(call.ctx.now()).toISOString());
  // The message changes (hasAttachments, changeKey), so delta and notifications report it.
  updateMessage(call.ctx, message, {});
  call.reply.code(201);
  return attachmentJson(call, Number(lastInsertRowid));
}

export function registerAttachmentRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  for (const prefix of ['/messages/:messageId', '/mailFolders/:folderId/messages/:messageId']) {
    graphRoute(app, ctx, { method: 'GET', path: `${prefix}/attachments`, permissions: ['Mail.Read'], handler: list });
    graphRoute(app, ctx, { method: 'POST', path: `${prefix}/attachments`, permissions: ['Mail.ReadWrite'], handler: create });
    graphRoute(app, ctx, {
      method: 'GET', path: `${prefix}/attachments/:attachmentId`, permissions: ['Mail.Read'],
      handler: (call) => {
        checkOptions(call.query, []);
        return attachmentJson(call, attachmentOr404(call, messageOr404(call).pk).pk);
      },
    });
    graphRoute(app, ctx, {
      method: 'GET', path: `${prefix}/attachments/:attachmentId/$value`, permissions: ['Mail.Read'],
      handler: (call) => {
        const row = attachmentOr404(call, messageOr404(call).pk);
        return call.reply.type(row.content_type).send(Buffer.from(row.content_b64, 'base64'));
      },
    });
    graphRoute(app, ctx, {
      method: 'DELETE', path: `${prefix}/attachments/:attachmentId`, permissions: ['Mail.ReadWrite'],
      handler: (call) => {
        const message = messageOr404(call);
        call.ctx.db.prepare('DELETE FROM gm_attachment WHERE pk = ?').run(attachmentOr404(call, message.pk).pk);
        updateMessage(call.ctx, message, {});
        return call.reply.code(204).send();
      },
    });
  }
}
