import type { FastifyInstance } from 'fastify';
import type { SandboxContext } from '../../core/context.js';
import { badRequest } from '../http/errors.js';
import { graphRoute, type GraphCall } from '../http/route.js';
import { recordOutbound } from '../outbound/store.js';
import { attachmentsOf, parseFileAttachments, storeAttachments, type FileAttachmentInput } from './fileAttachments.js';
import { categories, importance, itemBody, recipients } from './input.js';
import { ensureMailbox, folderByKey } from './mailbox.js';
import { messageOr404 } from './messages.js';
import type { Address, MessageRow, NewMessageRow } from './rows.js';
import { buildRow, insertMessage, moveMessage, updateMessage } from './store.js';

const parse = (json: string) => (JSON.parse(json) as Array<{ emailAddress: Address }>).map((r) => r.emailAddress);

/**
 * Delivers a sent message, attachments included, to every recipient that is a user of the
 * tenant, and records it in the outbound log (where outside recipients' copies can be read).
 */
export function deliverToTenant(ctx: SandboxContext, tenantId: string, sent: NewMessageRow | MessageRow,
  attachments: FileAttachmentInput[] = 'pk' in sent ? attachmentsOf(ctx.db, (sent as MessageRow).pk) : []): void {
  const to = parse(sent.to_json);
  const cc = parse(sent.cc_json);
  const everyone = [...to, ...cc, ...parse(sent.bcc_json)];
  const seen = new Set<string>();
  const delivered: string[] = [];
  for (const r of everyone) {
    const user = ctx.directory.userByEmail(r.address);
    if (!user || user.tenantId !== tenantId) continue;
    delivered.push(r.address);
    if (seen.has(user.id)) continue;
    seen.add(user.id);
    ensureMailbox(ctx, user.id);
    const copy = insertMessage(ctx, folderByKey(ctx.db, user.id, 'inbox')!, {
      subject: sent.subject, bodyType: sent.body_type as 'text' | 'html', body: sent.body,
      from: { name: sent.from_name ?? '', address: sent.from_addr ?? '' },
      to, cc, replyTo: parse(sent.reply_to_json),
      isRead: false, isDraft: false, importance: sent.importance as 'low' | 'normal' | 'high',
      conversationId: sent.conversation_id, internetMessageId: sent.internet_message_id,
      received: new Date(ctx.now()).toISOString(), sent: sent.sent,
    });
    storeAttachments(ctx, copy.pk, attachments);
  }
  recordOutbound(ctx, sent, attachments, delivered);
}

function sendDraft(call: GraphCall) {
  const { ctx, userId, claims } = call;
  const draft = messageOr404(call);
  if (!draft.is_draft) throw badRequest('Only draft messages can be sent.', 'ErrorInvalidRequest');
  if (JSON.parse(draft.to_json).length + JSON.parse(draft.cc_json).length + JSON.parse(draft.bcc_json).length === 0) {
    throw badRequest('At least one recipient is required, but none were found.', 'ErrorInvalidRecipients');
  }
  const me = ctx.directory.userById(userId)!;
  const now = new Date(ctx.now()).toISOString();
  const ready = updateMessage(ctx, draft, { is_draft: 0, sent: now, received: now, from_name: me.displayName, from_addr: me.mail }, false);
  const sent = moveMessage(ctx, ready, folderByKey(ctx.db, userId, 'sentitems')!);
  deliverToTenant(ctx, claims.tenantId, sent);
  return call.reply.code(202).send();
}

function sendMail(call: GraphCall) {
  const { ctx, userId, claims, body } = call;
  const m = body.message as Record<string, unknown> | undefined;
  if (!m || typeof m !== 'object') throw badRequest("Missing property 'message'.", 'ErrorInvalidRequest');
  const to = recipients(m.toRecipients, 'toRecipients');
  const cc = recipients(m.ccRecipients, 'ccRecipients');
  const bcc = recipients(m.bccRecipients, 'bccRecipients');
  if (to.length + cc.length + bcc.length === 0) throw badRequest('At least one recipient is required, but none were found.', 'ErrorInvalidRecipients');
  const attachments = parseFileAttachments(m.attachments);
  const me = ctx.directory.userById(userId)!;
  const { bodyType, body: content } = itemBody(m.body);
  const now = new Date(ctx.now()).toISOString();
  const input = {
    subject: typeof m.subject === 'string' ? m.subject : '', bodyType, body: content,
    from: { name: me.displayName, address: me.mail }, to, cc, bcc, replyTo: recipients(m.replyTo, 'replyTo'),
    isRead: true, isDraft: false, importance: importance(m.importance), categories: categories(m.categories),
    received: now, sent: now,
  };
  const sentItems = folderByKey(ctx.db, userId, 'sentitems')!;
  // saveToSentItems defaults to true; when false the message is delivered but no copy is kept.
  const saved = body.saveToSentItems === false ? undefined : insertMessage(ctx, sentItems, input);
  if (saved) storeAttachments(ctx, saved.pk, attachments);
  deliverToTenant(ctx, claims.tenantId, saved ?? buildRow(userId, sentItems.id, 0, now, input), attachments);
  return call.reply.code(202).send();
}

export function registerSendRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  graphRoute(app, ctx, { method: 'POST', path: '/messages/:messageId/send', permissions: ['Mail.Send'], handler: sendDraft });
  graphRoute(app, ctx, { method: 'POST', path: '/sendMail', permissions: ['Mail.Send'], handler: sendMail });
}
