/** The picker's selection: drive items chosen across folders, searches and tabs, keyed by drive and item. */
import type { DriveEntry } from './filesApi.js';

export type Selection = ReadonlyMap<string, DriveEntry>;

export function selectionKey(entry: Pick<DriveEntry, 'driveId' | 'itemId'>): string {
  return `${entry.driveId}/${entry.itemId}`;
}

export function toggled(selection: Selection, entry: DriveEntry): Map<string, DriveEntry> {
  const next = new Map(selection);
  const key = selectionKey(entry);
  if (next.has(key)) next.delete(key);
  else next.set(key, entry);
  return next;
}
