/**
 * The files API: links between CRM records and OneDrive/SharePoint items, the picker's browsing and
 * search, record folders and upload sessions. The chunks themselves go up in upload.ts (raw bytes,
 * with progress). Routes are the same for people, companies and tasks, so the company routes' types stand for all three.
 */
import { api } from '../api/client.js';
import type { Answer, RequestBody } from '../api/types.js';

/** The generated types (web/src/api/types.ts explains Answer): a route's schema change shows here as a type error. */
export type FileLink = Answer<'GET /api/companies/{id}/files'>['files'][number];
export type RecordType = FileLink['recordType'];
export type FileSource = FileLink['source'];
export type ItemKind = FileLink['kind'];
export type FolderListing = Answer<'GET /api/files/browse'>;
export type DriveEntry = FolderListing['items'][number];
export type Crumb = FolderListing['breadcrumbs'][number];
export type SearchResults = Answer<'GET /api/files/search'>;
export type Site = Answer<'GET /api/files/sharepoint/sites'>['sites'][number];
export type Library = Answer<'GET /api/files/sharepoint/sites/{siteId}/libraries'>['libraries'][number];
export type UploadTicket = Answer<'POST /api/companies/{id}/files/uploads'>;
export type UploadStatus = Answer<'GET /api/files/uploads/{id}'>;
/** The answer to a chunk: the attached file after the last one, else where to go on. */
export type ChunkAnswer = Answer<'PUT /api/files/uploads/{id}'>;

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
  list: (record: RecordRef) => api.get<Answer<'GET /api/companies/{id}/files'>>(recordFilesPath(record)),
  attach: (record: RecordRef, items: RequestBody<'POST /api/companies/{id}/files'>['items']) =>
    api.post<Answer<'POST /api/companies/{id}/files'>>(recordFilesPath(record), { items }),
  detach: (record: RecordRef, linkId: string) => api.del(`${recordFilesPath(record)}/${enc(linkId)}`),
  newFolder: (record: RecordRef, name: string) => api.post<Answer<'POST /api/companies/{id}/files/folders'>>(`${recordFilesPath(record)}/folders`, { name }),
  open: (linkId: string) => api.get<Answer<'GET /api/files/{linkId}/open'>>(`/api/files/${enc(linkId)}/open`),
  browse: (query: { driveId?: string | null; itemId?: string | null; cursor?: string | null }) => api.get<FolderListing>('/api/files/browse', query),
  search: (query: { q: string; driveId?: string | null; cursor?: string | null }) => api.get<SearchResults>('/api/files/search', query),
  sites: (q: string) => api.get<Answer<'GET /api/files/sharepoint/sites'>>('/api/files/sharepoint/sites', { q }),
  libraries: (siteId: string) => api.get<Answer<'GET /api/files/sharepoint/sites/{siteId}/libraries'>>(`/api/files/sharepoint/sites/${enc(siteId)}/libraries`),
  startUpload: (record: RecordRef, body: RequestBody<'POST /api/companies/{id}/files/uploads'>) => api.post<UploadTicket>(`${recordFilesPath(record)}/uploads`, body),
  uploadStatus: (uploadId: string) => api.get<UploadStatus>(`/api/files/uploads/${enc(uploadId)}`),
  cancelUpload: (uploadId: string) => api.del(`/api/files/uploads/${enc(uploadId)}`),
};
