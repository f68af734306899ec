/**
 * The To Do store. One change sequence per user (gt_owner.seq) orders list and task writes, so
 * the lists delta is a range scan on (user_id, seq) and a list's task delta one on (list_id, seq);
 * deletions, and tasks moved away, leave tombstones. Times are UTC epoch milliseconds.
 */
export const todoSchema = `
CREATE TABLE IF NOT EXISTS gt_owner (
  user_id TEXT PRIMARY KEY,
  seq INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS gt_list (
  pk INTEGER PRIMARY KEY,
  user_id TEXT NOT NULL,
  id TEXT NOT NULL,
  name TEXT NOT NULL,
  wellknown TEXT NOT NULL,
  etag TEXT NOT NULL,
  created INTEGER NOT NULL,
  seq INTEGER NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS gt_list_id ON gt_list(id);
CREATE INDEX IF NOT EXISTS gt_list_user_seq ON gt_list(user_id, seq);
CREATE TABLE IF NOT EXISTS gt_list_tomb (
  pk INTEGER PRIMARY KEY,
  user_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  id TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS gt_list_tomb_seq ON gt_list_tomb(user_id, seq);
CREATE TABLE IF NOT EXISTS gt_task (
  pk INTEGER PRIMARY KEY,
  user_id TEXT NOT NULL,
  list_id TEXT NOT NULL,
  id TEXT NOT NULL,
  title TEXT NOT NULL,
  body_type TEXT NOT NULL,
  body TEXT NOT NULL,
  body_modified INTEGER NOT NULL,
  status TEXT NOT NULL,
  importance TEXT NOT NULL,
  is_reminder_on INTEGER NOT NULL,
  categories_json TEXT NOT NULL,
  due_ms INTEGER,
  reminder_ms INTEGER,
  start_ms INTEGER,
  completed_ms INTEGER,
  recurrence_json TEXT,
  etag TEXT NOT NULL,
  created INTEGER NOT NULL,
  modified INTEGER NOT NULL,
  seq INTEGER NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS gt_task_id ON gt_task(id);
CREATE INDEX IF NOT EXISTS gt_task_list_seq ON gt_task(list_id, seq);
CREATE TABLE IF NOT EXISTS gt_task_tomb (
  pk INTEGER PRIMARY KEY,
  list_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  id TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS gt_task_tomb_seq ON gt_task_tomb(list_id, seq);
CREATE TABLE IF NOT EXISTS gt_link (
  pk INTEGER PRIMARY KEY,
  task_pk INTEGER NOT NULL,
  id TEXT NOT NULL,
  application_name TEXT,
  display_name TEXT,
  external_id TEXT,
  web_url TEXT
);
CREATE INDEX IF NOT EXISTS gt_link_task ON gt_link(task_pk);
`;

export interface ListRow {
  pk: number;
  user_id: string;
  id: string;
  name: string;
  /** none, defaultList (the built-in "Tasks"), flaggedEmails */
  wellknown: string;
  etag: string;
  created: number;
  seq: number;
}

export interface TaskRow {
  pk: number;
  user_id: string;
  list_id: string;
  id: string;
  title: string;
  body_type: string;
  body: string;
  body_modified: number;
  status: string;
  importance: string;
  is_reminder_on: number;
  categories_json: string;
  due_ms: number | null;
  reminder_ms: number | null;
  start_ms: number | null;
  completed_ms: number | null;
  recurrence_json: string | null;
  etag: string;
  created: number;
  modified: number;
  seq: number;
}

export interface LinkRow {
  pk: number;
  task_pk: number;
  id: string;
  application_name: string | null;
  display_name: string | null;
  external_id: string | null;
  web_url: string | null;
}

export type NewTaskRow = Omit<TaskRow, 'pk'>;
/** What a create or PATCH body may set. */
export type TaskFields = Omit<NewTaskRow, 'user_id' | 'list_id' | 'id' | 'etag' | 'created' | 'modified' | 'seq'>;

export const TASK_COLUMNS = [
  'user_id', 'list_id', 'id', 'title', 'body_type', 'body', 'body_modified', 'status', 'importance', 'is_reminder_on', 'categories_json',
  'due_ms', 'reminder_ms', 'start_ms', 'completed_ms', 'recurrence_json', 'etag', 'created', 'modified', 'seq',
] as const;
