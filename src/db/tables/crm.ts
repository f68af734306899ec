/** Tables of the CRM core (migration 0001). Timestamps are ISO-8601 text; JSON is text. */

export type MemberRole = 'owner' | 'member';

export interface UsersTable {
  id: string;
  email: string;
  name: string;
  password_hash: string;
  created_at: string;
  updated_at: string;
}

export interface WorkspacesTable {
  id: string;
  name: string;
  created_at: string;
}

export interface WorkspaceMembersTable {
  workspace_id: string;
  user_id: string;
  role: MemberRole;
  created_at: string;
}

export interface SessionsTable {
  /** sha256 of the cookie value: a leaked table does not yield usable sessions. */
  id: string;
  user_id: string;
  workspace_id: string;
  csrf_token: string;
  created_at: string;
  expires_at: string;
}

export interface ApiTokensTable {
  id: string;
  user_id: string;
  workspace_id: string;
  name: string;
  token_hash: string;
  created_at: string;
  last_used_at: string | null;
}

export interface CompaniesTable {
  id: string;
  workspace_id: string;
  name: string;
  /** Lowercased name: portable case-insensitive search on both engines. */
  name_lower: string;
  domain: string | null;
  notes: string | null;
  created_at: string;
  updated_at: string;
}

export interface PeopleTable {
  id: string;
  workspace_id: string;
  name: string;
  name_lower: string;
  /** JSON array of strings. */
  phones: string;
  company_id: string | null;
  job_title: string | null;
  notes: string | null;
  created_at: string;
  updated_at: string;
}

export interface PersonEmailsTable {
  workspace_id: string;
  person_id: string;
  /** Normalized lowercase; UNIQUE(workspace_id, email). */
  email: string;
  position: number;
}

export interface TasksTable {
  id: string;
  workspace_id: string;
  title: string;
  due_date: string | null;
  status: 'open' | 'done';
  assignee_id: string | null;
  person_id: string | null;
  company_id: string | null;
  created_at: string;
  updated_at: string;
  notes: string | null;
  importance: TaskImportance;
  /** Whose Microsoft To Do it is synced with; null when not synced (0012). */
  todo_user_id: string | null;
}

export type TaskImportance = 'low' | 'normal' | 'high';

export type ActivityKind = 'note' | 'email' | 'meeting' | 'task';

export interface ActivitiesTable {
  id: string;
  workspace_id: string;
  kind: ActivityKind;
  occurred_at: string;
  title: string | null;
  body: string | null;
  person_id: string | null;
  company_id: string | null;
  /** 'crm' | 'microsoft'; with source_id, the idempotency key for synced entries. */
  source_type: string | null;
  source_id: string | null;
  /** JSON object with extra source fields, or null. */
  source_meta: string | null;
  created_by: string | null;
  created_at: string;
}

export interface CrmTables {
  users: UsersTable;
  workspaces: WorkspacesTable;
  workspace_members: WorkspaceMembersTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  companies: CompaniesTable;
  people: PeopleTable;
  person_emails: PersonEmailsTable;
  tasks: TasksTable;
  activities: ActivitiesTable;
}
