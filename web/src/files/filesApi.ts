/**
 * The files API: links between CRM records and OneDrive/SharePoint items, the picker's browsing and
 * search, and record folders. Uploads have their own module (upload.ts): they send raw bytes.
 */
import { api } from '../api/client.js';

export type RecordType = 'person' | 'company' | 'task';
export type FileSource = 'onedrive' | 'sharepoint';
export type ItemKind = 'file' | 'folder';

export interface FileLink {
  id: string;
  recordType: RecordType;
  recordId: string;
  source: FileSource;
  driveId: string;
  itemId: string;
  name: string;
  kind: ItemKind;
  mimeType: string | null;
  size: number | null;
  webUrl: string | null;
  parentPath: string | null;
  modifiedAt: string | null;
  modifiedBy: string | null;
  state: 'present' | 'deleted';
  attachedBy: { userId: string; name: string | null };
  attachedAt: string;
}

export interface DriveEntry {
  driveId: string;
  itemId: string;
  name: string;
  kind: ItemKind;
  size: number | null;
  mimeType: string | null;
  modifiedAt: string | null;
  modifiedBy: string | null;
  webUrl: string | null;
  childCount: number | null;
}

export interface Crumb {
  itemId: string;
  name: string;
}

export interface FolderListing {
  drive: { id: string; name: string; source: FileSource };
  items: DriveEntry[];
  nextCursor: string | null;
  breadcrumbs: Crumb[];
}

export interface SearchResults {
  items: DriveEntry[];
  nextCursor: string | null;
}

export interface Site {
  id: string;
  name: string;
  webUrl: string | null;
  description: string | null;
}

export interface Library {
  driveId: string;
  name: string;
  webUrl: string | null;
}

export interface RecordRef {
  type: RecordType;
  id: string;
}

const enc = encodeURIComponent;
const COLLECTION: Record<RecordType, string> = { person: 'people', company: 'companies', task: 'tasks' };

/** `/api/companies/{id}/files`, and the like for people and tasks. */
export function recordFilesPath(record: RecordRef): string {
  return `/api/${COLLECTION[record.type]}/${enc(record.id)}/files`;
}

export const files = {
  list: (record: RecordRef) => api.get<{ files: FileLink[] }>(recordFilesPath(record)),
  attach: (record: RecordRef, items: Array<{ driveId: string; itemId: string }>) =>
    api.post<{ files: FileLink[] }>(recordFilesPath(record), { items }),
  detach: (record: RecordRef, linkId: string) => api.del(`${recordFilesPath(record)}/${enc(linkId)}`),
  newFolder: (record: RecordRef, name: string) => api.post<FileLink>(`${recordFilesPath(record)}/folders`, { name }),
  open: (linkId: string) => api.get<{ url: string }>(`/api/files/${enc(linkId)}/open`),
  browse: (query: { driveId?: string | null; itemId?: string | null; cursor?: string | null }) => api.get<FolderListing>('/api/files/browse', query),
  search: (query: { q: string; driveId?: string | null; cursor?: string | null }) => api.get<SearchResults>('/api/files/search', query),
  sites: (q: string) => api.get<{ sites: Site[] }>('/api/files/sharepoint/sites', { q }),
  libraries: (siteId: string) => api.get<{ libraries: Library[] }>(`/api/files/sharepoint/sites/${enc(siteId)}/libraries`),
};
