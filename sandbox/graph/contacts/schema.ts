/**
 * The contacts store. One change sequence per user (gc_owner.seq) orders every contact write, so
 * a folder's delta page is one range scan on (folder_id, seq); deletions leave tombstones.
 * The properties the brief names have their own columns (bulk seeding and lookups stay cheap);
 * Graph's other contact properties, when a client sets them, live in `extra_json`.
 */
export const contactsSchema = `
CREATE TABLE IF NOT EXISTS gc_owner (
  user_id TEXT PRIMARY KEY,
  seq INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS gc_folder (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL,
  parent_id TEXT NOT NULL,
  name TEXT NOT NULL,
  is_default INTEGER NOT NULL,
  created INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS gc_folder_parent ON gc_folder(user_id, parent_id);
CREATE TABLE IF NOT EXISTS gc_contact (
  pk INTEGER PRIMARY KEY,
  user_id TEXT NOT NULL,
  folder_id TEXT NOT NULL,
  id TEXT NOT NULL,
  given_name TEXT,
  surname TEXT,
  display_name TEXT NOT NULL,
  auto_name INTEGER NOT NULL,
  emails_json TEXT NOT NULL,
  business_phones_json TEXT NOT NULL,
  home_phones_json TEXT NOT NULL,
  mobile_phone TEXT,
  company_name TEXT,
  job_title TEXT,
  personal_notes TEXT NOT NULL,
  categories_json TEXT NOT NULL,
  extra_json TEXT NOT NULL,
  change_key TEXT NOT NULL,
  created INTEGER NOT NULL,
  modified INTEGER NOT NULL,
  seq INTEGER NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS gc_contact_id ON gc_contact(id);
CREATE INDEX IF NOT EXISTS gc_contact_folder_seq ON gc_contact(folder_id, seq);
CREATE TABLE IF NOT EXISTS gc_tomb (
  pk INTEGER PRIMARY KEY,
  folder_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  id TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS gc_tomb_folder_seq ON gc_tomb(folder_id, seq);
`;

export interface FolderRow {
  id: string;
  user_id: string;
  /** The default folder's parent is the mailbox root, which is not a contact folder. */
  parent_id: string;
  name: string;
  is_default: number;
  created: number;
}

export interface ContactRow {
  pk: number;
  user_id: string;
  folder_id: string;
  id: string;
  given_name: string | null;
  surname: string | null;
  display_name: string;
  /** 1 while displayName is composed from the name parts (it then follows them), 0 once set explicitly. */
  auto_name: number;
  emails_json: string;
  business_phones_json: string;
  home_phones_json: string;
  mobile_phone: string | null;
  company_name: string | null;
  job_title: string | null;
  personal_notes: string;
  categories_json: string;
  extra_json: string;
  change_key: string;
  created: number;
  modified: number;
  seq: number;
}

export type NewContactRow = Omit<ContactRow, 'pk'>;
/** The fields a create or PATCH may set (everything but identity, versioning and placement). */
export type ContactFields = Omit<NewContactRow, 'user_id' | 'folder_id' | 'id' | 'change_key' | 'created' | 'modified' | 'seq'>;

export const CONTACT_COLUMNS = [
  'user_id', 'folder_id', 'id', 'given_name', 'surname', 'display_name', 'auto_name', 'emails_json', 'business_phones_json',
  'home_phones_json', 'mobile_phone', 'company_name', 'job_title', 'personal_notes', 'categories_json', 'extra_json', 'change_key',
  'created', 'modified', 'seq',
] as const;
