/** The owner's scheduling API (/api/scheduling), typed from the OpenAPI document. */
import { api } from '../api/client.js';
import type { Answer, ItemOf, RequestBody } from '../api/types.js';

export type SchedulingPageView = ItemOf<'GET /api/scheduling/pages'>;
export type BookingView = ItemOf<'GET /api/scheduling/pages/{id}/bookings'>;
export type PageBody = RequestBody<'POST /api/scheduling/pages'>;
export type SchedulingOptions = Answer<'GET /api/scheduling/options'>;

export const scheduling = {
  options: () => api.get<SchedulingOptions>('/api/scheduling/options'),
  pages: () => api.get<Answer<'GET /api/scheduling/pages'>>('/api/scheduling/pages'),
  create: (body: PageBody) => api.post<SchedulingPageView>('/api/scheduling/pages', body),
  update: (id: string, body: Partial<PageBody>) => api.patch<SchedulingPageView>(`/api/scheduling/pages/${encodeURIComponent(id)}`, body),
  remove: (id: string) => api.del(`/api/scheduling/pages/${encodeURIComponent(id)}`),
  bookings: (id: string) => api.get<Answer<'GET /api/scheduling/pages/{id}/bookings'>>(`/api/scheduling/pages/${encodeURIComponent(id)}/bookings`),
  cancel: (id: string) => api.post<BookingView>(`/api/scheduling/bookings/${encodeURIComponent(id)}/cancel`),
};
