import type { FastifyInstance } from 'fastify';
import type { SandboxContext } from '../../core/context.js';
import { graphRoute, type GraphCall } from '../http/route.js';
import { folderByKey } from './mailbox.js';
import { messageOr404, view } from './messages.js';
import type { Address } from './rows.js';
import { deliverToTenant } from './send.js';
import { messageJson } from './serialize.js';
import { insertMessage, type MessageInput } from './store.js';

/** The reply Outlook would compose: to the sender, same conversation, "RE:" subject, comment on top. */
function replyInput(call: GraphCall, isDraft: boolean): MessageInput {
  const original = messageOr404(call);
  const me = call.ctx.directory.userById(call.userId)!;
  const to: Address[] = original.from_addr ? [{ name: original.from_name ?? original.from_addr, address: original.from_addr }] : [];
  const comment = typeof call.body.comment === 'string' ? call.body.comment : '';
  const now = new Date(call.ctx.now()).toISOString();
  return {
    subject: /^re:/i.test(original.subject) ? original.subject : `RE: ${original.subject}`,
    bodyType: 'text',
    body: `${comment}\n\nFrom: ${original.from_name ?? ''} <${original.from_addr ?? ''}>\nSubject: ${original.subject}\n\n${original.body}`,
    from: { name: me.displayName, address: me.mail },
    to, isRead: true, isDraft, conversationId: original.conversation_id,
    received: now, sent: isDraft ? null : now,
  };
}

export function registerReplyRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  graphRoute(app, ctx, {
    method: 'POST', path: '/messages/:messageId/createReply', permissions: ['Mail.ReadWrite'],
    handler: (call) => {
      const draft = insertMessage(call.ctx, folderByKey(call.ctx.db, call.userId, 'drafts')!, replyInput(call, true));
      call.reply.code(201);
      return messageJson(call.ctx.db, draft.pk, view(call));
    },
  });
  graphRoute(app, ctx, {
    method: 'POST', path: '/messages/:messageId/reply', permissions: ['Mail.Send'],
    handler: (call) => {
      const sent = insertMessage(call.ctx, folderByKey(call.ctx.db, call.userId, 'sentitems')!, replyInput(call, false));
      deliverToTenant(call.ctx, call.claims.tenantId, sent);
      return call.reply.code(202).send();
    },
  });
}
