/** The /api/mail calls and shapes the inbox pages use. */
import { api } from '../api/client.js';

export interface Address { name: string | null; address: string }
export interface Folder { id: string; name: string; wellKnown: string | null; unreadCount: number; totalCount: number }
export interface MessageSummary {
  id: string; folderId: string | null; subject: string; from: Address | null; preview: string; receivedAt: string | null; isRead: boolean; isDraft: boolean;
}
export interface MessageFull extends MessageSummary {
  to: Address[]; cc: Address[]; body: { contentType: 'html' | 'text'; content: string };
}
export interface Suggestion { name: string; address: string; source: 'crm' | 'microsoft' }
export interface OutOfOffice { address: string; isOutOfOffice: boolean; message: string | null }
export interface Compose { to: string[]; cc: string[]; subject: string; body: string }

export const mail = {
  folders: () => api.get<{ items: Folder[] }>('/api/mail/folders'),
  messages: (folderId: string | null, cursor?: string) => api.get<{ items: MessageSummary[]; nextCursor: string | null }>('/api/mail/messages', { folderId, cursor, limit: 50 }),
  message: (id: string) => api.get<MessageFull>(`/api/mail/messages/${encodeURIComponent(id)}`),
  setRead: (id: string, isRead: boolean) => api.patch<MessageSummary>(`/api/mail/messages/${encodeURIComponent(id)}`, { isRead }),
  archive: (id: string) => api.post<MessageSummary>(`/api/mail/messages/${encodeURIComponent(id)}/archive`),
  reply: (id: string, body: string) => api.post(`/api/mail/messages/${encodeURIComponent(id)}/reply`, { body }),
  send: (m: Compose) => api.post('/api/mail/send', m),
  saveDraft: (m: Compose) => api.post<MessageSummary>('/api/mail/drafts', m),
  suggestions: (q: string) => api.get<{ items: Suggestion[] }>('/api/mail/suggestions', { q }),
  outOfOffice: (emails: string[]) => api.get<{ items: OutOfOffice[] }>('/api/mail/out-of-office', { emails: emails.join(',') }),
};

/** Comma- or semicolon-separated recipients as typed. */
export function splitAddresses(text: string): string[] {
  return text.split(/[,;]/).map((s) => s.trim()).filter(Boolean);
}
