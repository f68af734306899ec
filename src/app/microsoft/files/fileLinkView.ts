import type { Db } from '../../../db/database.js';
import type { FileRecordType, FileSource } from '../../../db/tables/files.js';
import type { FileLinkRow } from '../../../microsoft/sync/drive/fileLinks.js';

/** A link as the REST API answers it (GET /api/{people|companies|tasks}/{id}/files). */
export interface FileLink {
  id: string;
  recordType: FileRecordType;
  recordId: string;
  source: FileSource;
  driveId: string;
  itemId: string;
  name: string;
  kind: 'file' | 'folder';
  mimeType: string | null;
  size: number | null;
  webUrl: string;
  parentPath: string | null;
  modifiedAt: string | null;
  modifiedBy: string | null;
  state: 'present' | 'deleted';
  attachedBy: { userId: string; name: string | null };
  attachedAt: string;
}

export async function fileLinkViews(db: Db, rows: FileLinkRow[]): Promise<FileLink[]> {
  const userIds = [...new Set(rows.map((r) => r.user_id))];
  const users = userIds.length ? await db.selectFrom('users').select(['id', 'name']).where('id', 'in', userIds).execute() : [];
  const names = new Map(users.map((u) => [u.id, u.name]));
  return rows.map((r) => ({
    id: r.id, recordType: r.record_type, recordId: r.record_id, source: r.source, driveId: r.drive_id, itemId: r.item_id,
    name: r.name, kind: r.kind, mimeType: r.mime_type, size: r.size === null ? null : Number(r.size), webUrl: r.web_url,
    parentPath: r.parent_path, modifiedAt: r.modified_at, modifiedBy: r.modified_by, state: r.state,
    attachedBy: { userId: r.user_id, name: names.get(r.user_id) ?? null }, attachedAt: r.created_at,
  }));
}
