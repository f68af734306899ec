import { upsertGraphMessage, applyGraphMessage } from '../../../microsoft/mail/emailRows.js';
import { createDraft, deleteMessagePermanently, sendDraft, sendMail, updateDraft, type OutgoingMessage } from '../../../microsoft/mail/mailActions.js';
import { recountFolders } from '../../../microsoft/sync/mail/folderCounts.js';
import { publishMailChanged, viaGraph, type InboxDeps } from './deps.js';
import { alreadySent, InboxError, invalidInput, notFound, rejectedByMicrosoft, sendWithdrawn } from './errors.js';
import { requireMailbox, type Caller } from './mailbox.js';
import { emailRow, messageDetail, type MessageDetail } from './queries.js';

export interface ComposeInput {
  to?: string[];
  cc?: string[];
  bcc?: string[];
  subject?: string;
  body?: string;
  contentType?: 'text' | 'html';
}

function outgoing(input: ComposeInput): OutgoingMessage {
  return {
    to: input.to ?? [], cc: input.cc ?? [], bcc: input.bcc ?? [], subject: input.subject ?? '', body: input.body ?? '',
    contentType: input.contentType ?? 'text',
  };
}

function requireRecipients(m: OutgoingMessage): void {
  if (m.to.length + m.cc.length + m.bcc.length === 0) throw invalidInput('Add at least one recipient in to, cc or bcc.');
}

/** Needs Mail.Send; without it the caller is told which feature to enable, before any Graph call. */
export async function send(deps: InboxDeps, caller: Caller, input: ComposeInput): Promise<void> {
  const account = await requireMailbox(deps.integration.accounts, caller, ['sendMail']);
  const m = outgoing(input);
  requireRecipients(m);
  await viaGraph(() => sendMail(deps.integration.graph, account.id, m), {
    badRequest: rejectedByMicrosoft('Microsoft 365 did not accept this message, so it was not sent. Check the recipients\' addresses and try again.'),
    forbidden: sendWithdrawn(),
  });
  await publishMailChanged(deps, account.userId, { reason: 'sent' });
}

export async function saveNewDraft(deps: InboxDeps, caller: Caller, input: ComposeInput): Promise<MessageDetail> {
  const db = deps.integration.database.db;
  const account = await requireMailbox(deps.integration.accounts, caller);
  const created = await viaGraph(() => createDraft(deps.integration.graph, account.id, outgoing(input)));
  const id = await upsertGraphMessage(db, { accountId: account.id, userId: account.userId, workspaceId: account.workspaceId }, { ...created, isDraft: true });
  await recountFolders(db, account.id, [created.parentFolderId]);
  await publishMailChanged(deps, account.userId, { ids: [id], reason: 'draft' });
  return messageDetail(db, account.id, id);
}

/** The caller's draft; an unknown id and a message that is not a draft are both "draft not found". */
async function draftRow(deps: InboxDeps, accountId: string, id: string) {
  const row = await deps.integration.database.db.selectFrom('emails').selectAll().where('account_id', '=', accountId).where('id', '=', id).executeTakeFirst();
  if (row?.is_draft !== 1) throw notFound('draft');
  return row;
}

export async function editDraft(deps: InboxDeps, caller: Caller, id: string, input: ComposeInput): Promise<MessageDetail> {
  const db = deps.integration.database.db;
  const account = await requireMailbox(deps.integration.accounts, caller);
  if (input.contentType !== undefined && input.body === undefined) throw invalidInput('Send contentType together with body: Outlook keeps the type with the body.');
  const row = await draftRow(deps, account.id, id);
  const patch: Partial<OutgoingMessage> = {};
  for (const k of ['to', 'cc', 'bcc', 'subject', 'body'] as const) if (input[k] !== undefined) (patch as Record<string, unknown>)[k] = input[k];
  if (input.body !== undefined) patch.contentType = input.contentType ?? 'text';
  const answer = await viaGraph(() => updateDraft(deps.integration.graph, account.id, row.graph_id, patch));
  await applyGraphMessage(db, account.id, row.id, answer);
  deps.bodies.delete(account.id, row.graph_id);
  await publishMailChanged(deps, account.userId, { ids: [row.id], reason: 'draft' });
  return messageDetail(db, account.id, row.id);
}

/** The draft leaves Drafts for Sent Items at Microsoft; the sent copy comes back through sync. */
export async function sendSavedDraft(deps: InboxDeps, caller: Caller, id: string): Promise<void> {
  const account = await requireMailbox(deps.integration.accounts, caller, ['mail', 'sendMail']);
  const row = await draftRow(deps, account.id, id);
  await viaGraph(() => sendDraft(deps.integration.graph, account.id, row.graph_id), { badRequest: alreadySent(), forbidden: sendWithdrawn() });
  await forgetDraft(deps, account.id, row);
  await publishMailChanged(deps, account.userId, { ids: [row.id], reason: 'sent' });
}

/** Discards the draft at Microsoft (for good, as Outlook's Discard does) and here. */
export async function discardDraft(deps: InboxDeps, caller: Caller, id: string): Promise<void> {
  const account = await requireMailbox(deps.integration.accounts, caller);
  const row = await draftRow(deps, account.id, id);
  try {
    await viaGraph(() => deleteMessagePermanently(deps.integration.graph, account.id, row.graph_id));
  } catch (err) {
    // Already gone at Microsoft (discarded in Outlook): what the user asked for is done.
    if (!(err instanceof InboxError && err.code === 'not_found')) throw err;
  }
  await forgetDraft(deps, account.id, row);
  await publishMailChanged(deps, account.userId, { ids: [row.id], reason: 'discarded' });
}

async function forgetDraft(deps: InboxDeps, accountId: string, row: { id: string; graph_id: string; folder_graph_id: string }): Promise<void> {
  const db = deps.integration.database.db;
  await db.deleteFrom('email_people').where('account_id', '=', accountId).where('email_id', '=', row.id).execute();
  await db.deleteFrom('emails').where('account_id', '=', accountId).where('id', '=', row.id).execute();
  await recountFolders(db, accountId, [row.folder_graph_id]);
  deps.bodies.delete(accountId, row.graph_id);
}

/** Plain reply text as the HTML Graph inserts above the quoted original: escaped, line breaks kept. */
export function replyCommentHtml(text: string): string {
  const escaped = text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
  return escaped.replace(/\r?\n/g, '<br>');
}

/** Graph ids are base64url plus '=' padding, safe in a path as they are; anything else is escaped. */
const pathId = (id: string): string => (/^[A-Za-z0-9_=-]+$/.test(id) ? id : encodeURIComponent(id));

/**
 * Replies through Graph's /reply, so Exchange threads it (same conversation, In-Reply-To and
 * References) and addresses it to the original's replyTo or sender. Outlook composes the body
 * (the comment above the quoted original, subject "RE: …"); the Sent Items copy arrives through
 * sync. Needs Mail.Send, like any send.
 */
export async function reply(deps: InboxDeps, caller: Caller, id: string, body: string): Promise<void> {
  const account = await requireMailbox(deps.integration.accounts, caller, ['mail', 'sendMail']);
  const row = await emailRow(deps.integration.database.db, account.id, id);
  if (!row.from_address) throw invalidInput('This message has no sender to reply to: write a new message instead.');
  await viaGraph(() => deps.integration.graph.request(account.id, {
    method: 'POST', path: `/me/messages/${pathId(row.graph_id)}/reply`, body: { comment: replyCommentHtml(body) },
  }), {
    badRequest: rejectedByMicrosoft('Microsoft 365 did not accept this reply, so it was not sent. Check the text and try again.'),
    forbidden: sendWithdrawn(),
  });
  await publishMailChanged(deps, account.userId, { ids: [row.id], reason: 'replied' });
}
