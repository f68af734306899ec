/**
 * The files store. A drive is a user's OneDrive or a site's document library; its items form a
 * tree by parent id. File bytes live on disk under `<dataDir>/drive/` (see blobs.ts), never in
 * SQLite. `seq` is the drive's change sequence: every write stamps the items it touches, and
 * removals leave a tombstone, so delta is one range scan per page.
 */
export const driveSchema = `
CREATE TABLE IF NOT EXISTS gf_drive (
  id TEXT PRIMARY KEY,
  tenant_id TEXT NOT NULL,
  owner_user TEXT,
  site_id TEXT,
  name TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  drive_type TEXT NOT NULL,
  web_url TEXT NOT NULL,
  quota_total INTEGER NOT NULL,
  used INTEGER NOT NULL DEFAULT 0,
  seq INTEGER NOT NULL DEFAULT 0,
  created INTEGER NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS gf_drive_user ON gf_drive(owner_user) WHERE owner_user IS NOT NULL;
CREATE INDEX IF NOT EXISTS gf_drive_site ON gf_drive(site_id);
CREATE TABLE IF NOT EXISTS gf_item (
  pk INTEGER PRIMARY KEY,
  id TEXT NOT NULL,
  drive_id TEXT NOT NULL,
  parent_id TEXT,
  name TEXT NOT NULL,
  name_key TEXT NOT NULL,
  is_folder INTEGER NOT NULL,
  size INTEGER NOT NULL DEFAULT 0,
  mime TEXT,
  blob TEXT,
  quick_xor TEXT,
  guid TEXT NOT NULL,
  e_ver INTEGER NOT NULL DEFAULT 1,
  c_ver INTEGER NOT NULL DEFAULT 1,
  description TEXT,
  created INTEGER NOT NULL,
  modified INTEGER NOT NULL,
  created_by TEXT,
  modified_by TEXT,
  seq INTEGER NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS gf_item_id ON gf_item(id);
CREATE UNIQUE INDEX IF NOT EXISTS gf_item_name ON gf_item(parent_id, name_key);
CREATE INDEX IF NOT EXISTS gf_item_drive_seq ON gf_item(drive_id, seq);
CREATE TABLE IF NOT EXISTS gf_tomb (
  pk INTEGER PRIMARY KEY,
  drive_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  id TEXT NOT NULL,
  name TEXT NOT NULL,
  parent_id TEXT,
  is_folder INTEGER NOT NULL,
  deleted INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS gf_tomb_drive_seq ON gf_tomb(drive_id, seq);
CREATE TABLE IF NOT EXISTS gf_link (
  id TEXT PRIMARY KEY,
  item_id TEXT NOT NULL,
  app_id TEXT NOT NULL,
  type TEXT NOT NULL,
  scope TEXT NOT NULL,
  web_url TEXT NOT NULL,
  created_by TEXT NOT NULL,
  created INTEGER NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS gf_link_key ON gf_link(item_id, app_id, type, scope);
CREATE TABLE IF NOT EXISTS gf_upload (
  id TEXT PRIMARY KEY,
  drive_id TEXT NOT NULL,
  item_id TEXT,
  parent_id TEXT NOT NULL,
  name TEXT NOT NULL,
  conflict TEXT NOT NULL,
  defer_commit INTEGER NOT NULL,
  total INTEGER,
  received INTEGER NOT NULL DEFAULT 0,
  user_id TEXT NOT NULL,
  description TEXT,
  expires INTEGER NOT NULL
);
`;

export interface DriveRow {
  id: string;
  tenant_id: string;
  /** Set for a user's OneDrive. */
  owner_user: string | null;
  /** Set for a site's document library. */
  site_id: string | null;
  name: string;
  description: string;
  drive_type: 'business' | 'documentLibrary';
  web_url: string;
  quota_total: number;
  used: number;
  seq: number;
  created: number;
}

export interface ItemRow {
  pk: number;
  id: string;
  drive_id: string;
  /** Null for the drive's root folder. */
  parent_id: string | null;
  name: string;
  /** Lower-cased name: OneDrive names are unique in a folder regardless of case. */
  name_key: string;
  is_folder: number;
  size: number;
  mime: string | null;
  /** File name of the content under the blob directory; null for folders and empty files. */
  blob: string | null;
  quick_xor: string | null;
  /** The GUID eTag and cTag are built on; e_ver counts every change, c_ver content changes only. */
  guid: string;
  e_ver: number;
  c_ver: number;
  description: string | null;
  created: number;
  modified: number;
  created_by: string | null;
  modified_by: string | null;
  seq: number;
}

export interface TombRow {
  drive_id: string;
  seq: number;
  id: string;
  name: string;
  parent_id: string | null;
  is_folder: number;
  deleted: number;
}

export interface UploadRow {
  id: string;
  drive_id: string;
  /** The file an update session replaces; null when the session creates a new file. */
  item_id: string | null;
  parent_id: string;
  name: string;
  conflict: ConflictBehavior;
  defer_commit: number;
  /** The file's size, from the first Content-Range (or the request's fileSize). */
  total: number | null;
  received: number;
  user_id: string;
  description: string | null;
  expires: number;
}

export type ConflictBehavior = 'fail' | 'rename' | 'replace';
