/** Typed calls for each REST resource; pages import these rather than building paths themselves. */
import { api } from './client.js';
import type {
  Activity,
  ApiTokenInfo,
  Company,
  CreatedApiToken,
  Integrations,
  Member,
  Page,
  Person,
  Session,
  Task,
  TaskStatus,
  WorkspaceRef,
} from './types.js';

const enc = encodeURIComponent;

export interface PersonInput {
  name?: string;
  emails?: string[];
  phones?: string[];
  companyId?: string | null;
  jobTitle?: string | null;
  notes?: string | null;
}

export interface CompanyInput {
  name?: string;
  domain?: string | null;
  notes?: string | null;
}

export interface TaskInput {
  title?: string;
  dueDate?: string | null;
  status?: TaskStatus;
  assigneeId?: string | null;
  personId?: string | null;
  companyId?: string | null;
}

export interface TaskFilter {
  status?: TaskStatus;
  assigneeId?: string;
  personId?: string;
  companyId?: string;
}

type AuthResult = Pick<Session, 'user' | 'workspace' | 'csrfToken'>;

export const auth = {
  signUp: (body: { email: string; password: string; name: string }) => api.post<AuthResult>('/api/auth/signup', body),
  signIn: (body: { email: string; password: string }) => api.post<AuthResult>('/api/auth/signin', body),
  signOut: () => api.post<void>('/api/auth/signout'),
  session: () => api.get<Session>('/api/session'),
  switchWorkspace: (workspaceId: string) => api.post<Session>('/api/session/workspace', { workspaceId }),
};

export const workspaces = {
  list: () => api.get<{ items: WorkspaceRef[] }>('/api/workspaces'),
  create: (name: string) => api.post<WorkspaceRef>('/api/workspaces', { name }),
  members: (id: string) => api.get<{ items: Member[] }>(`/api/workspaces/${enc(id)}/members`),
  addMember: (id: string, email: string, role?: 'member' | 'owner') =>
    api.post<unknown>(`/api/workspaces/${enc(id)}/members`, role ? { email, role } : { email }),
};

export const tokens = {
  list: () => api.get<{ items: ApiTokenInfo[] }>('/api/tokens'),
  create: (name: string) => api.post<CreatedApiToken>('/api/tokens', { name }),
  revoke: (id: string) => api.del(`/api/tokens/${enc(id)}`),
};

export const people = {
  list: (query: { q?: string; companyId?: string; cursor?: string | null; limit?: number }) => api.get<Page<Person>>('/api/people', query),
  get: (id: string) => api.get<Person>(`/api/people/${enc(id)}`),
  create: (body: PersonInput) => api.post<Person>('/api/people', body),
  update: (id: string, body: PersonInput) => api.patch<Person>(`/api/people/${enc(id)}`, body),
  remove: (id: string) => api.del(`/api/people/${enc(id)}`),
  timeline: (id: string, cursor?: string | null) => api.get<Page<Activity>>(`/api/people/${enc(id)}/timeline`, { cursor }),
  addNote: (id: string, body: string) => api.post<Activity>(`/api/people/${enc(id)}/notes`, { body }),
};

export const companies = {
  list: (query: { q?: string; cursor?: string | null; limit?: number }) => api.get<Page<Company>>('/api/companies', query),
  get: (id: string) => api.get<Company>(`/api/companies/${enc(id)}`),
  create: (body: CompanyInput) => api.post<Company>('/api/companies', body),
  update: (id: string, body: CompanyInput) => api.patch<Company>(`/api/companies/${enc(id)}`, body),
  remove: (id: string) => api.del(`/api/companies/${enc(id)}`),
  timeline: (id: string, cursor?: string | null) => api.get<Page<Activity>>(`/api/companies/${enc(id)}/timeline`, { cursor }),
  addNote: (id: string, body: string) => api.post<Activity>(`/api/companies/${enc(id)}/notes`, { body }),
};

export const tasks = {
  list: (query: TaskFilter & { cursor?: string | null; limit?: number }) => api.get<Page<Task>>('/api/tasks', { ...query }),
  get: (id: string) => api.get<Task>(`/api/tasks/${enc(id)}`),
  create: (body: TaskInput) => api.post<Task>('/api/tasks', body),
  update: (id: string, body: TaskInput) => api.patch<Task>(`/api/tasks/${enc(id)}`, body),
  remove: (id: string) => api.del(`/api/tasks/${enc(id)}`),
};

export const integrations = {
  get: () => api.get<Integrations>('/api/integrations'),
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
