/** The public booking API (/api/public), used without a session. */
import { api } from '../api/client.js';
import type { Answer } from '../api/types.js';

export type PublicPage = Answer<'GET /api/public/book/{slug}'>;
export type GuestBooking = Answer<'GET /api/public/bookings/{token}'>;

export const booking = {
  page: (slug: string) => api.get<PublicPage>(`/api/public/book/${encodeURIComponent(slug)}`),
  slots: (slug: string, q: { from: string; to: string; duration: number; except?: string }) =>
    api.get<{ duration: number; slots: string[] }>(`/api/public/book/${encodeURIComponent(slug)}/slots`, { from: q.from, to: q.to, duration: String(q.duration), ...(q.except ? { except: q.except } : {}) }),
  book: (slug: string, body: { start: string; duration: number; name: string; email: string; timeZone: string; answers: Record<string, string> }) =>
    api.post<GuestBooking>(`/api/public/book/${encodeURIComponent(slug)}`, body),
  get: (token: string) => api.get<GuestBooking>(`/api/public/bookings/${encodeURIComponent(token)}`),
  reschedule: (token: string, start: string) => api.post<GuestBooking>(`/api/public/bookings/${encodeURIComponent(token)}/reschedule`, { start }),
  cancel: (token: string) => api.post<GuestBooking>(`/api/public/bookings/${encodeURIComponent(token)}/cancel`),
};

/** "Tue 3 Mar" and "09:30" in the guest's zone. */
export const dayLabel = (iso: string, zone: string) => new Intl.DateTimeFormat(undefined, { timeZone: zone, weekday: 'short', day: 'numeric', month: 'short' }).format(new Date(iso));
export const timeLabel = (iso: string, zone: string) => new Intl.DateTimeFormat(undefined, { timeZone: zone, hour: '2-digit', minute: '2-digit' }).format(new Date(iso));
