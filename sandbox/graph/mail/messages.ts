import type { FastifyInstance } from 'fastify';
import type { SandboxContext } from '../../core/context.js';
import { GraphError, accessDenied, badRequest, itemNotFound } from '../http/errors.js';
import { hasPermission } from '../http/auth.js';
import { applyPreference } from '../http/prefer.js';
import { graphBase, graphRoute, type GraphCall } from '../http/route.js';
import { checkOptions } from '../odata/options.js';
import { parseFilter, parseOrderBy, parseSkip, parseTop } from '../odata/query.js';
import { expandsAttachments } from './expand.js';
import { categories, flagStatus, importance, itemBody, recipients } from './input.js';
import { RECOVERABLE, cachedStatement, folderByKey, recoverableItems } from './mailbox.js';
import type { MessageRow } from './rows.js';
import { SEARCH_LIMIT, parseMessageSearch, refuseSearchCombinations, searchOffset, searchSkipToken } from './search.js';
import { messageJson, messageSql, parseSelect, type ViewOptions } from './serialize.js';
import { deleteMessage, getMessage, insertMessage, recipientsJson, softDeleteMessage, updateMessage, type MessagePatch, previewOf } from './store.js';

export function view(call: GraphCall, select?: string[], expand?: string): ViewOptions {
  if (call.prefs.immutableIds) applyPreference(call.reply, 'IdType="ImmutableId"');
  const basic = !hasPermission(call.claims, 'Mail.Read');
  const expandAttachments = expandsAttachments(expand);
  // Mail.ReadBasic covers no attachments.
  if (expandAttachments && basic) throw accessDenied();
  return { immutableIds: call.prefs.immutableIds, select, basic, expandAttachments };
}

const LIST_OPTIONS = ['$top', '$skip', '$filter', '$orderby', '$select', '$count', '$search', '$expand', '$skiptoken'];

export function messageOr404(call: GraphCall): MessageRow {
  const row = getMessage(call.ctx.db, call.userId, call.params.messageId ?? '');
  if (!row) throw itemNotFound();
  return row;
}

function list(call: GraphCall) {
  const { ctx, query, userId } = call;
  // /me/messages spans the folders clients see: Recoverable Items is outside that tree.
  let scope = `user_id = ? AND folder_id NOT IN (SELECT id FROM gm_folder WHERE user_id = ? AND well_known = '${RECOVERABLE}')`;
  let scopeParams = [userId, userId];
  if (call.params.folderId !== undefined) {
    const folder = folderByKey(ctx.db, userId, call.params.folderId);
    if (!folder) throw itemNotFound();
    scope = 'folder_id = ?';
    scopeParams = [folder.id];
  }
  checkOptions(query, LIST_OPTIONS);
  const search = query.$search === undefined ? undefined : parseMessageSearch(query.$search);
  if (search) refuseSearchCombinations(query);
  else if (query.$skiptoken !== undefined) throw badRequest('The $skiptoken is not valid.', 'BadRequest');
  let top = parseTop(query.$top, 10, 1000);
  const skip = search ? searchOffset(query.$skiptoken) : parseSkip(query.$skip);
  // A search yields at most SEARCH_LIMIT results in all.
  if (search) top = Math.max(0, Math.min(top, SEARCH_LIMIT - skip));
  const filter = parseFilter(query.$filter);
  const conditions = [scope, filter.sql, search?.sql].filter(Boolean);
  const where = conditions.join(' AND ');
  const params = [...scopeParams, ...filter.params, ...(search?.params ?? [])];
  const order = search ? 'coalesce(sent, received) DESC, pk DESC' : parseOrderBy(query.$orderby);
  const v = view(call, parseSelect(query.$select), query.$expand);
  const rows = cachedStatement(ctx.db, `SELECT ${messageSql(v)} AS j FROM gm_message WHERE ${where} ORDER BY ${order} LIMIT ? OFFSET ?`)
    .all(...params, top + 1, skip) as Array<{ j: string }>;
  const base = graphBase(ctx, call.req);
  const body: Record<string, unknown> = { '@odata.context': `${base}/v1.0/$metadata#users('${userId}')/messages` };
  if (query.$count === 'true') {
    const n = (ctx.db.prepare(`SELECT COUNT(*) AS n FROM gm_message WHERE ${where}`).get(...params) as { n: number }).n;
    body['@odata.count'] = search ? Math.min(n, SEARCH_LIMIT) : n;
  }
  if (rows.length > top && top > 0) {
    const next = new URLSearchParams();
    for (const [k, val] of Object.entries(query)) if (k !== '$skip' && k !== '$skiptoken' && val !== undefined) next.set(k, val);
    if (search) next.set('$skiptoken', searchSkipToken(skip + top));
    else next.set('$skip', String(skip + top));
    body['@odata.nextLink'] = `${base}${call.req.url.split('?')[0]}?${next.toString()}`;
  }
  const values = rows.slice(0, top).map((r) => r.j);
  const head = JSON.stringify(body);
  call.reply.type('application/json; charset=utf-8');
  return `${head.slice(0, -1)},"value":[${values.join(',')}]}`;
}

function createDraft(call: GraphCall) {
  const { ctx, body, userId } = call;
  const drafts = folderByKey(ctx.db, userId, 'drafts')!;
  const me = ctx.directory.userById(userId)!;
  const { bodyType, body: content } = itemBody(body.body);
  const row = insertMessage(ctx, drafts, {
    subject: typeof body.subject === 'string' ? body.subject : '',
    bodyType, body: content,
    from: { name: me.displayName, address: me.mail },
    to: recipients(body.toRecipients, 'toRecipients'),
    cc: recipients(body.ccRecipients, 'ccRecipients'),
    bcc: recipients(body.bccRecipients, 'bccRecipients'),
    replyTo: recipients(body.replyTo, 'replyTo'),
    isRead: true, isDraft: true, sent: null,
    importance: importance(body.importance),
    categories: categories(body.categories),
    flagStatus: flagStatus(body.flag),
  });
  call.reply.code(201);
  return messageJson(ctx.db, row.pk, view(call));
}

const DRAFT_ONLY = ['subject', 'body', 'toRecipients', 'ccRecipients', 'bccRecipients', 'replyTo'];

/**
 * `If-Match` with an `@odata.etag` (W/"changeKey") that is no longer current: Exchange refuses
 * the write with 412 ErrorIrresolvableConflict. `*` matches any version.
 */
function checkIfMatch(call: GraphCall, row: MessageRow): void {
  const header = call.req.headers['if-match'];
  if (header === undefined) return;
  const tags = (Array.isArray(header) ? header : [header]).flatMap((h) => h.split(',')).map((t) => t.trim()).filter(Boolean);
  const current = row.change_key;
  const matches = tags.some((t) => t === '*' || t.replace(/^W\//, '').replace(/^"|"$/g, '') === current);
  if (!matches) {
    throw new GraphError(412, 'ErrorIrresolvableConflict',
      'The send or update operation could not be performed because the change key passed in the request does not match the current change key for the item.');
  }
}

function patch(call: GraphCall) {
  const row = messageOr404(call);
  checkIfMatch(call, row);
  const b = call.body;
  if (!row.is_draft && DRAFT_ONLY.some((k) => k in b)) {
    throw badRequest('Update operation is not supported for some of the properties of a sent message.', 'ErrorInvalidPropertyUpdateSentMessage');
  }
  const p: MessagePatch = {};
  if ('isRead' in b) {
    if (typeof b.isRead !== 'boolean') throw badRequest('isRead must be a boolean.', 'ErrorInvalidRequest');
    p.is_read = b.isRead ? 1 : 0;
  }
  const imp = importance(b.importance);
  if (imp) p.importance = imp;
  const flag = flagStatus(b.flag);
  if (flag) p.flag_status = flag;
  const cats = categories(b.categories);
  if (cats) p.categories_json = JSON.stringify(cats);
  if (b.inferenceClassification === 'focused' || b.inferenceClassification === 'other') p.inference = b.inferenceClassification;
  if (typeof b.subject === 'string') p.subject = b.subject;
  if ('body' in b) {
    const { bodyType, body } = itemBody(b.body);
    Object.assign(p, { body_type: bodyType, body, preview: previewOf(bodyType, body) });
  }
  if ('toRecipients' in b) p.to_json = recipientsJson(recipients(b.toRecipients, 'toRecipients'));
  if ('ccRecipients' in b) p.cc_json = recipientsJson(recipients(b.ccRecipients, 'ccRecipients'));
  if ('bccRecipients' in b) p.bcc_json = recipientsJson(recipients(b.bccRecipients, 'bccRecipients'));
  if ('replyTo' in b) p.reply_to_json = recipientsJson(recipients(b.replyTo, 'replyTo'));
  return messageJson(call.ctx.db, updateMessage(call.ctx, row, p).pk, view(call));
}

export function registerMessageRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  graphRoute(app, ctx, { method: 'GET', path: '/messages', permissions: ['Mail.ReadBasic'], handler: list });
  graphRoute(app, ctx, { method: 'GET', path: '/mailFolders/:folderId/messages', permissions: ['Mail.ReadBasic'], handler: list });
  graphRoute(app, ctx, {
    method: 'GET', path: '/messages/:messageId', permissions: ['Mail.ReadBasic'],
    handler: (call) => {
      checkOptions(call.query, ['$select', '$expand']);
      return messageJson(call.ctx.db, messageOr404(call).pk, view(call, parseSelect(call.query.$select), call.query.$expand));
    },
  });
  graphRoute(app, ctx, { method: 'POST', path: '/messages', permissions: ['Mail.ReadWrite'], handler: createDraft });
  graphRoute(app, ctx, { method: 'PATCH', path: '/messages/:messageId', permissions: ['Mail.ReadWrite'], handler: patch });
  graphRoute(app, ctx, {
    method: 'DELETE', path: '/messages/:messageId', permissions: ['Mail.ReadWrite'],
    handler: (call) => {
      const row = messageOr404(call);
      const recoverable = recoverableItems(call.ctx, call.userId);
      // Deleting from Recoverable Items itself purges the message for good.
      if (row.folder_id === recoverable.id) deleteMessage(call.ctx, row);
      else softDeleteMessage(call.ctx, row, recoverable);
      return call.reply.code(204).send();
    },
  });
}
