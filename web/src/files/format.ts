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

/** A glyph by kind and extension: enough to tell a folder, a sheet and a deck apart at a glance. */
export function fileIcon(kind: ItemKind, name: string): { glyph: string; label: string } {
  if (kind === 'folder') return { glyph: '📁', label: 'Folder' };
  const ext = name.includes('.') ? name.slice(name.lastIndexOf('.') + 1).toLowerCase() : '';
  if (['doc', 'docx', 'odt', 'rtf'].includes(ext)) return { glyph: '📝', label: 'Document' };
  if (['xls', 'xlsx', 'csv', 'ods'].includes(ext)) return { glyph: '📊', label: 'Spreadsheet' };
  if (['ppt', 'pptx', 'odp'].includes(ext)) return { glyph: '📽️', label: 'Presentation' };
  if (ext === 'pdf') return { glyph: '📕', label: 'PDF' };
  if (['png', 'jpg', 'jpeg', 'gif', 'svg', 'webp', 'heic'].includes(ext)) return { glyph: '🖼️', label: 'Image' };
  if (['zip', '7z', 'rar', 'gz', 'tar'].includes(ext)) return { glyph: '🗜️', label: 'Archive' };
  return { glyph: '📄', label: 'File' };
}
