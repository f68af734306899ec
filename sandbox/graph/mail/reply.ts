import type { FastifyInstance } from 'fastify';
import type { SandboxContext } from '../../core/context.js';
import { badRequest } from '../http/errors.js';
import { graphRoute, type GraphCall } from '../http/route.js';
import { categories, importance, itemBody, recipients } from './input.js';
import { folderByKey } from './mailbox.js';
import { messageOr404, view } from './messages.js';
import type { Address, MessageRow } from './rows.js';
import { deliverToTenant } from './send.js';
import { messageJson } from './serialize.js';
import { insertMessage, type MessageInput } from './store.js';

const parse = (json: string) => (JSON.parse(json) as Array<{ emailAddress: Address }>).map((r) => r.emailAddress);
const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const names = (list: Address[]) => list.map((a) => escapeHtml(a.name === a.address ? a.address : `${a.name} <${a.address}>`)).join('; ');

/** The original as Outlook quotes it under a reply: a header block, then its body as HTML. */
function quoted(original: MessageRow): string {
  const from = original.from_addr ? [{ name: original.from_name ?? original.from_addr, address: original.from_addr }] : [];
  const inner = original.body_type === 'html'
    ? original.body.replace(/^[\s\S]*<body[^>]*>/i, '').replace(/<\/body>[\s\S]*$/i, '')
    : escapeHtml(original.body).replace(/\r?\n/g, '<br>');
  return `<hr style="display:inline-block;width:98%"><div id="divRplyFwdMsg" dir="ltr"><b>From:</b> ${names(from)}<br>`
    + `<b>Sent:</b> ${original.sent ?? original.received}<br><b>To:</b> ${names(parse(original.to_json))}<br>`
    + `<b>Subject:</b> ${escapeHtml(original.subject)}</div><div>${inner}</div>`;
}

/**
 * The reply Outlook composes: to the original's replyTo (RFC 2822) or else its sender, in the
 * same conversation, subject "RE: …", HTML with the comment on top of the quoted original. The
 * request's `message` may set any writeable property; `comment` together with `message.body` is
 * a 400, as in Graph.
 */
function replyInput(call: GraphCall, isDraft: boolean): MessageInput {
  const original = messageOr404(call);
  const me = call.ctx.directory.userById(call.userId)!;
  const { comment, message } = call.body;
  if (comment !== undefined && typeof comment !== 'string') throw badRequest("Property 'comment' must be a string.", 'ErrorInvalidRequest');
  if (message !== undefined && (message === null || typeof message !== 'object' || Array.isArray(message))) {
    throw badRequest("Property 'message' must be a message.", 'ErrorInvalidRequest');
  }
  const m = (message ?? {}) as Record<string, unknown>;
  if (comment !== undefined && m.body !== undefined) {
    throw badRequest("Specify either 'comment' or the body of 'message', not both.", 'ErrorInvalidRequest');
  }
  const replyTo = parse(original.reply_to_json);
  const sender: Address[] = original.from_addr ? [{ name: original.from_name ?? original.from_addr, address: original.from_addr }] : [];
  const to = m.toRecipients !== undefined ? recipients(m.toRecipients, 'toRecipients') : replyTo.length ? replyTo : sender;
  const own = m.body !== undefined ? itemBody(m.body) : { bodyType: 'html' as const, body: comment ?? '' };
  const top = own.bodyType === 'html' ? own.body : escapeHtml(own.body).replace(/\r?\n/g, '<br>');
  const now = new Date(call.ctx.now()).toISOString();
  const stripped = original.subject.replace(/^\s*re:\s*/i, '');
  return {
    subject: typeof m.subject === 'string' ? m.subject : `RE: ${stripped}`,
    bodyType: 'html',
    body: `<html><body><div dir="ltr">${top}</div>${quoted(original)}</body></html>`,
    from: { name: me.displayName, address: me.mail },
    to,
    cc: recipients(m.ccRecipients, 'ccRecipients'),
    bcc: recipients(m.bccRecipients, 'bccRecipients'),
    ...(importance(m.importance) ? { importance: importance(m.importance) } : {}),
    ...(categories(m.categories) ? { categories: categories(m.categories) } : {}),
    isRead: true, isDraft, conversationId: original.conversation_id,
    received: now, sent: isDraft ? null : now,
  };
}

/** Both routes exist under /messages/{id} and /mailFolders/{id}/messages/{id}, as in Graph. */
export function registerReplyRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  for (const base of ['/messages/:messageId', '/mailFolders/:folderId/messages/:messageId']) {
    graphRoute(app, ctx, {
      method: 'POST', path: `${base}/createReply`, permissions: ['Mail.ReadWrite'],
      handler: (call) => {
        const draft = insertMessage(call.ctx, folderByKey(call.ctx.db, call.userId, 'drafts')!, replyInput(call, true));
        call.reply.code(201);
        return messageJson(call.ctx.db, draft.pk, view(call));
      },
    });
    graphRoute(app, ctx, {
      method: 'POST', path: `${base}/reply`, permissions: ['Mail.Send'],
      handler: (call) => {
        const input = replyInput(call, false);
        if (input.to.length + (input.cc?.length ?? 0) + (input.bcc?.length ?? 0) === 0) {
          throw badRequest('At least one recipient is required, but none were found.', 'ErrorInvalidRecipients');
        }
        const sent = insertMessage(call.ctx, folderByKey(call.ctx.db, call.userId, 'sentitems')!, input);
        deliverToTenant(call.ctx, call.claims.tenantId, sent);
        return call.reply.code(202).send();
      },
    });
  }
}
