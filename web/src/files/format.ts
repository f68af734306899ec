/** How files read on screen: sizes, a type icon, and "modified when, by whom". */
import { formatDateTime } from '../components/format.js';
import type { FileSource, ItemKind } from './filesApi.js';

export function formatSize(bytes: number | null): string {
  if (bytes === null || bytes === undefined) return '';
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
}

export function formatModified(at: string | null, by: string | null): string {
  if (!at && !by) return '';
  if (!at) return `Modified by ${by}`;
  return by ? `Modified ${formatDateTime(at)} by ${by}` : `Modified ${formatDateTime(at)}`;
}

export const SOURCE_LABEL: Record<FileSource, string> = { onedrive: 'OneDrive', sharepoint: 'SharePoint' };

export interface IconKind {
  /** Short text on the icon ("DOC", "XLS"); empty for a folder. */
  tag: string;
  /** What it is, for screen readers. */
  label: string;
  color: string;
}

/** The icon by kind and extension: enough to tell a folder, a sheet and a deck apart at a glance. */
export function fileIcon(kind: ItemKind, name: string): IconKind {
  if (kind === 'folder') return { tag: '', label: 'Folder', color: '#e8a317' };
  const ext = name.includes('.') ? name.slice(name.lastIndexOf('.') + 1).toLowerCase() : '';
  if (['doc', 'docx', 'odt', 'rtf'].includes(ext)) return { tag: 'DOC', label: 'Document', color: '#2b579a' };
  if (['xls', 'xlsx', 'csv', 'ods'].includes(ext)) return { tag: 'XLS', label: 'Spreadsheet', color: '#217346' };
  if (['ppt', 'pptx', 'odp'].includes(ext)) return { tag: 'PPT', label: 'Presentation', color: '#b7472a' };
  if (ext === 'pdf') return { tag: 'PDF', label: 'PDF', color: '#c4321f' };
  if (['png', 'jpg', 'jpeg', 'gif', 'svg', 'webp', 'heic'].includes(ext)) return { tag: 'IMG', label: 'Image', color: '#7a4fc4' };
  if (['zip', '7z', 'rar', 'gz', 'tar'].includes(ext)) return { tag: 'ZIP', label: 'Archive', color: '#667085' };
  return { tag: ext.slice(0, 4).toUpperCase(), label: 'File', color: '#667085' };
}
