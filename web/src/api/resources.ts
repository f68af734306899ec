/**
 * Typed calls for each REST resource; pages import these rather than building paths themselves.
 * Each call's answer is its own route's generated type (types.ts), so a route's schema change shows here.
 */
import { api } from './client.js';
import type { Answer, Company, Page, RequestBody, TaskStatus } from './types.js';

const enc = encodeURIComponent;

/** Form input for create and update: the update bodies (create also needs the name or title; the server says so). */
export type PersonInput = RequestBody<'PATCH /api/people/{id}'>;
export type CompanyInput = RequestBody<'PATCH /api/companies/{id}'>;
export type TaskInput = RequestBody<'PATCH /api/tasks/{id}'>;

/** Query parameters are not generated (schema.gen.ts holds bodies only), so the filter is hand-written. */
export interface TaskFilter {
  status?: TaskStatus;
  assigneeId?: string;
  personId?: string;
  companyId?: string;
}

export const auth = {
  signUp: (body: RequestBody<'POST /api/auth/signup'>) => api.post<Answer<'POST /api/auth/signup'>>('/api/auth/signup', body),
  signIn: (body: RequestBody<'POST /api/auth/signin'>) => api.post<Answer<'POST /api/auth/signin'>>('/api/auth/signin', body),
  signOut: () => api.post<Answer<'POST /api/auth/signout'>>('/api/auth/signout'),
  session: () => api.get<Answer<'GET /api/session'>>('/api/session'),
  switchWorkspace: (workspaceId: RequestBody<'POST /api/session/workspace'>['workspaceId']) => api.post<Answer<'POST /api/session/workspace'>>('/api/session/workspace', { workspaceId }),
};

export const workspaces = {
  list: () => api.get<Answer<'GET /api/workspaces'>>('/api/workspaces'),
  create: (name: string) => api.post<Answer<'POST /api/workspaces'>>('/api/workspaces', { name }),
  members: (id: string) => api.get<Answer<'GET /api/workspaces/{id}/members'>>(`/api/workspaces/${enc(id)}/members`),
  addMember: (id: string, email: string, role?: RequestBody<'POST /api/workspaces/{id}/members'>['role']) =>
    api.post<Answer<'POST /api/workspaces/{id}/members'>>(`/api/workspaces/${enc(id)}/members`, role ? { email, role } : { email }),
};

export const tokens = {
  list: () => api.get<Answer<'GET /api/tokens'>>('/api/tokens'),
  create: (name: string) => api.post<Answer<'POST /api/tokens'>>('/api/tokens', { name }),
  revoke: (id: string) => api.del(`/api/tokens/${enc(id)}`),
};

export const people = {
  list: (query: { q?: string; companyId?: string; cursor?: string | null; limit?: number }) => api.get<Answer<'GET /api/people'>>('/api/people', query),
  get: (id: string) => api.get<Answer<'GET /api/people/{id}'>>(`/api/people/${enc(id)}`),
  create: (body: PersonInput) => api.post<Answer<'POST /api/people'>>('/api/people', body),
  update: (id: string, body: PersonInput) => api.patch<Answer<'PATCH /api/people/{id}'>>(`/api/people/${enc(id)}`, body),
  remove: (id: string) => api.del(`/api/people/${enc(id)}`),
  timeline: (id: string, cursor?: string | null) => api.get<Answer<'GET /api/people/{id}/timeline'>>(`/api/people/${enc(id)}/timeline`, { cursor }),
  addNote: (id: string, body: string) => api.post<Answer<'POST /api/people/{id}/notes'>>(`/api/people/${enc(id)}/notes`, { body }),
  /** Whose Outlook contacts mirror the person (deleting the person deletes them there). */
  outlookContacts: (id: string) => api.get<Answer<'GET /api/microsoft/contacts/people/{id}'>>(`/api/microsoft/contacts/people/${enc(id)}`),
};

export const companies = {
  list: (query: { q?: string; cursor?: string | null; limit?: number }) => api.get<Answer<'GET /api/companies'>>('/api/companies', query),
  get: (id: string) => api.get<Answer<'GET /api/companies/{id}'>>(`/api/companies/${enc(id)}`),
  create: (body: CompanyInput) => api.post<Answer<'POST /api/companies'>>('/api/companies', body),
  update: (id: string, body: CompanyInput) => api.patch<Answer<'PATCH /api/companies/{id}'>>(`/api/companies/${enc(id)}`, body),
  remove: (id: string) => api.del(`/api/companies/${enc(id)}`),
  timeline: (id: string, cursor?: string | null) => api.get<Answer<'GET /api/companies/{id}/timeline'>>(`/api/companies/${enc(id)}/timeline`, { cursor }),
  addNote: (id: string, body: string) => api.post<Answer<'POST /api/companies/{id}/notes'>>(`/api/companies/${enc(id)}/notes`, { body }),
};

export const tasks = {
  list: (query: TaskFilter & { cursor?: string | null; limit?: number }) => api.get<Answer<'GET /api/tasks'>>('/api/tasks', { ...query }),
  get: (id: string) => api.get<Answer<'GET /api/tasks/{id}'>>(`/api/tasks/${enc(id)}`),
  create: (body: TaskInput) => api.post<Answer<'POST /api/tasks'>>('/api/tasks', body),
  update: (id: string, body: TaskInput) => api.patch<Answer<'PATCH /api/tasks/{id}'>>(`/api/tasks/${enc(id)}`, body),
  remove: (id: string) => api.del(`/api/tasks/${enc(id)}`),
};

export const integrations = {
  get: () => api.get<Answer<'GET /api/integrations'>>('/api/integrations'),
};

/** Every company of the workspace, for pickers (small workspaces; follows cursors up to a cap). */
export async function allCompanies(cap = 1000): Promise<Company[]> {
  const out: Company[] = [];
  let cursor: string | null = null;
  do {
    const page: Page<Company> = await companies.list({ cursor, limit: 200 });
    out.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor && out.length < cap);
  return out;
}
