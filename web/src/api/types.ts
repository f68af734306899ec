/** Shapes of the REST API (see the API contract); the web app depends on nothing else of the server. */

export interface User {
  id: string;
  email: string;
  name: string;
}

export type Role = 'owner' | 'member';

export interface WorkspaceRef {
  id: string;
  name: string;
  role: Role;
}

export interface Session {
  user: User;
  workspace: { id: string; name: string };
  workspaces: WorkspaceRef[];
  csrfToken: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface Person {
  id: string;
  name: string;
  emails: string[];
  phones: string[];
  companyId: string | null;
  jobTitle: string | null;
  notes: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface Company {
  id: string;
  name: string;
  domain: string | null;
  notes: string | null;
  createdAt: string;
  updatedAt: string;
}

export type TaskStatus = 'open' | 'done';

export interface Task {
  id: string;
  title: string;
  dueDate: string | null;
  status: TaskStatus;
  assigneeId: string | null;
  personId: string | null;
  companyId: string | null;
  createdAt: string;
  updatedAt: string;
}

export type ActivityKind = 'note' | 'email' | 'meeting' | 'task';

export interface Activity {
  id: string;
  kind: ActivityKind | (string & {});
  occurredAt: string;
  title: string | null;
  body: string | null;
  personId: string | null;
  companyId: string | null;
  source: ({ type: 'crm' | 'microsoft' } & Record<string, unknown>) | null;
  createdAt: string;
}

export interface Member {
  userId: string;
  email: string;
  name: string;
  role: Role;
}

export interface ApiTokenInfo {
  id: string;
  name: string;
  workspaceId: string;
  createdAt: string;
  lastUsedAt: string | null;
}

export interface CreatedApiToken {
  id: string;
  name: string;
  token: string;
  createdAt: string;
}

/** The Microsoft 365 card's data; issue 4 widens it (account, features, sync health). */
export interface MicrosoftIntegration {
  status: 'not_connected' | (string & {});
  configured?: boolean;
  [key: string]: unknown;
}

export interface Integrations {
  microsoft: MicrosoftIntegration;
}
