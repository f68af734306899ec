import type { ColumnType } from 'kysely';

/** OneDrive and SharePoint files on CRM records (migrations 0013, 0015). */
export type FileRecordType = 'person' | 'company' | 'task';
export type FileSource = 'onedrive' | 'sharepoint';

/** A CRM record's link to a drive item; the metadata is Graph's, as last seen. */
export interface FileLinksTable {
  id: string;
  workspace_id: string;
  record_type: FileRecordType;
  record_id: string;
  /** The Microsoft account that attached it: its token refreshes the metadata, its disconnect deletes the link. */
  account_id: string;
  user_id: string;
  source: FileSource;
  drive_id: string;
  item_id: string;
  name: string;
  kind: 'file' | 'folder';
  mime_type: string | null;
  size: number | null;
  web_url: string;
  /** The parent folder's path as Graph gives it (`/drive/root:/Documents`), when known. */
  parent_path: string | null;
  /** JSON array of the folder ids from the drive's root to the parent, aligned with parent_path; null when not known. */
  folder_ids: ColumnType<string | null, string | null | undefined, string | null>;
  modified_at: string | null;
  /** The display name of whoever last modified it. */
  modified_by: string | null;
  etag: string | null;
  /** 'deleted': gone from the drive; shown as such until someone detaches it. */
  state: 'present' | 'deleted';
  /** When Graph last confirmed the metadata (null: never since it was written). */
  checked_at: string | null;
  created_at: string;
  updated_at: string;
}

/** A OneDrive upload session in progress. */
export interface FileUploadsTable {
  id: string;
  account_id: string;
  user_id: string;
  workspace_id: string;
  record_type: FileRecordType;
  record_id: string;
  name: string;
  size: number;
  /** Graph's uploadUrl, a bearer URL: encrypted with secretBox. */
  upload_url_enc: string;
  drive_id: string;
  folder_item_id: string | null;
  expires_at: string;
  created_at: string;
  completed_link_id: string | null;
}

export interface FilesTables {
  file_links: FileLinksTable;
  file_uploads: FileUploadsTable;
}
