import type { Message, Recipient } from '@microsoft/microsoft-graph-types';
import type { GraphClient } from '../graph/client.js';
import type { CachedBody } from './bodyCache.js';

/**
 * The mail writes and the on-demand body read, as Graph calls. Writes go through GraphClient,
 * which retries them only on explicit throttling (a retried send could mail twice).
 */
export interface OutgoingMessage {
  to: string[];
  cc: string[];
  bcc: string[];
  subject: string;
  body: string;
  contentType: 'text' | 'html';
}

/** The fields Tandem keeps as metadata (bodies are never selected here). */
export const MESSAGE_FIELDS = [
  'id', 'parentFolderId', 'conversationId', 'internetMessageId', 'subject', 'from', 'toRecipients', 'ccRecipients', 'bccRecipients',
  'bodyPreview', 'receivedDateTime', 'isRead', 'isDraft', 'hasAttachments', 'importance', 'changeKey',
].join(',');

/** Graph ids are base64url plus '=' padding, safe in a path as they are; anything else is escaped. */
const enc = (id: string): string => (/^[A-Za-z0-9_=-]+$/.test(id) ? id : encodeURIComponent(id));
/**
 * Graph answers PATCH and move with the message; an OData server may answer 204 with no body
 * (its default without Prefer: return=representation). Callers then get an empty message and keep
 * what they already know.
 */
const asMessage = (body: unknown): Message => (typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Message) : {});
const recipients = (addresses: string[]): Recipient[] => addresses.map((address) => ({ emailAddress: { address } }));

function messagePayload(m: Partial<OutgoingMessage>): Message {
  const out: Message = {};
  if (m.subject !== undefined) out.subject = m.subject;
  if (m.body !== undefined) out.body = { contentType: m.contentType ?? 'text', content: m.body };
  if (m.to !== undefined) out.toRecipients = recipients(m.to);
  if (m.cc !== undefined) out.ccRecipients = recipients(m.cc);
  if (m.bcc !== undefined) out.bccRecipients = recipients(m.bcc);
  return out;
}

export async function fetchBody(graph: GraphClient, accountId: string, graphId: string): Promise<CachedBody> {
  const m = asMessage(await graph.get<unknown>(accountId, `/me/messages/${enc(graphId)}?$select=body`));
  // Graph's enum is lower-case; compare without case so an HTML body is never shown as raw text.
  const type = String(m.body?.contentType ?? '').toLowerCase() === 'html' ? 'html' : 'text';
  return { contentType: type, content: m.body?.content ?? '' };
}

export async function setRead(graph: GraphClient, accountId: string, graphId: string, isRead: boolean): Promise<Message> {
  const res = await graph.request<unknown>(accountId, { method: 'PATCH', path: `/me/messages/${enc(graphId)}`, body: { isRead } });
  return asMessage(res.body);
}

/** Moves to a well-known folder (archive, deleteditems); with immutable ids (the client always asks) the id stays. */
export async function moveMessage(graph: GraphClient, accountId: string, graphId: string, destinationId: 'archive' | 'deleteditems'): Promise<Message> {
  const res = await graph.request<unknown>(accountId, { method: 'POST', path: `/me/messages/${enc(graphId)}/move`, body: { destinationId } });
  return asMessage(res.body);
}

export const archive = (graph: GraphClient, accountId: string, graphId: string): Promise<Message> => moveMessage(graph, accountId, graphId, 'archive');

/** Deletes for good: for a draft the user discards (a message to keep goes to Deleted Items instead). */
export async function deleteMessagePermanently(graph: GraphClient, accountId: string, graphId: string): Promise<void> {
  await graph.request(accountId, { method: 'DELETE', path: `/me/messages/${enc(graphId)}` });
}

/** 202 means accepted, not delivered; the Sent Items copy arrives through sync. */
export async function sendMail(graph: GraphClient, accountId: string, m: OutgoingMessage): Promise<void> {
  await graph.request(accountId, { method: 'POST', path: '/me/sendMail', body: { message: messagePayload(m), saveToSentItems: true } });
}

export async function createDraft(graph: GraphClient, accountId: string, m: Partial<OutgoingMessage>): Promise<Message> {
  const res = await graph.request<unknown>(accountId, { method: 'POST', path: '/me/messages', body: messagePayload(m) });
  return asMessage(res.body);
}

export async function updateDraft(graph: GraphClient, accountId: string, graphId: string, m: Partial<OutgoingMessage>): Promise<Message> {
  const res = await graph.request<unknown>(accountId, { method: 'PATCH', path: `/me/messages/${enc(graphId)}`, body: messagePayload(m) });
  return asMessage(res.body);
}

export async function sendDraft(graph: GraphClient, accountId: string, graphId: string): Promise<void> {
  await graph.request(accountId, { method: 'POST', path: `/me/messages/${enc(graphId)}/send` });
}

/** Reply subject as mail clients write it: one "Re: ", never stacked. */
export function replySubject(subject: string | null): string {
  const s = (subject ?? '').trim();
  return /^re:/i.test(s) ? s : `Re: ${s}`;
}
