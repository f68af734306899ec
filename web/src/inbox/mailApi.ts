/**
 * The /api/mail calls and shapes the inbox pages use. The shapes are the routes' generated types
 * (web/src/api/types.ts explains Answer); hand-written only: Compose, the compose form's own model
 * (checked against the send body below).
 */
import { api, request } from '../api/client.js';
import type { ApiResponses } from '../api/schema.gen.js';
import type { Answer, ItemOf, RequestBody } from '../api/types.js';

export type MessageSummary = ItemOf<'GET /api/mail/messages'>;
export type Address = NonNullable<MessageSummary['from']>;
export type Folder = ItemOf<'GET /api/mail/folders'>;
export type MessageFull = Answer<'GET /api/mail/messages/{id}'>;
type SuggestionItem = NonNullable<ApiResponses['GET /api/mail/suggestions']['items']>[number];
/** personId comes with CRM suggestions only, so it stays optional. */
export type Suggestion = Omit<ItemOf<'GET /api/mail/suggestions'>, 'personId'> & Pick<SuggestionItem, 'personId'>;
export type OutOfOffice = ItemOf<'GET /api/mail/out-of-office'>;
export interface Compose { to: string[]; cc: string[]; subject: string; body: string }

export const mail = {
  folders: () => api.get<Answer<'GET /api/mail/folders'>>('/api/mail/folders'),
  messages: (folderId: string | null, cursor?: string) => api.get<Answer<'GET /api/mail/messages'>>('/api/mail/messages', { folderId, cursor, limit: 50 }),
  message: (id: string) => api.get<Answer<'GET /api/mail/messages/{id}'>>(`/api/mail/messages/${encodeURIComponent(id)}`),
  setRead: (id: string, isRead: boolean) => api.patch<Answer<'PATCH /api/mail/messages/{id}'>>(`/api/mail/messages/${encodeURIComponent(id)}`, { isRead } satisfies RequestBody<'PATCH /api/mail/messages/{id}'>),
  archive: (id: string) => api.post<Answer<'POST /api/mail/messages/{id}/archive'>>(`/api/mail/messages/${encodeURIComponent(id)}/archive`),
  reply: (id: string, body: string) => api.post<Answer<'POST /api/mail/messages/{id}/reply'>>(`/api/mail/messages/${encodeURIComponent(id)}/reply`, { body } satisfies RequestBody<'POST /api/mail/messages/{id}/reply'>),
  send: (m: Compose) => api.post<Answer<'POST /api/mail/send'>>('/api/mail/send', m satisfies RequestBody<'POST /api/mail/send'>),
  remove: (id: string) => request<Answer<'DELETE /api/mail/messages/{id}'>>('DELETE', `/api/mail/messages/${encodeURIComponent(id)}`),
  saveDraft: (m: Compose) => api.post<Answer<'POST /api/mail/drafts'>>('/api/mail/drafts', m satisfies RequestBody<'POST /api/mail/drafts'>),
  editDraft: (id: string, m: Compose) => api.patch<Answer<'PATCH /api/mail/drafts/{id}'>>(`/api/mail/drafts/${encodeURIComponent(id)}`, m satisfies RequestBody<'PATCH /api/mail/drafts/{id}'>),
  sendDraft: (id: string) => api.post<Answer<'POST /api/mail/drafts/{id}/send'>>(`/api/mail/drafts/${encodeURIComponent(id)}/send`),
  discardDraft: (id: string) => api.del(`/api/mail/drafts/${encodeURIComponent(id)}`),
  suggestions: (q: string) => api.get<{ items: Suggestion[] }>('/api/mail/suggestions', { q }),
  outOfOffice: (emails: string[]) => api.get<Answer<'GET /api/mail/out-of-office'>>('/api/mail/out-of-office', { emails: emails.join(',') }),
};

/** Comma- or semicolon-separated recipients as typed. */
export function splitAddresses(text: string): string[] {
  return text.split(/[,;]/).map((s) => s.trim()).filter(Boolean);
}
