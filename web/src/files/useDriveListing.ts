/**
 * One folder's items, or one search's results, page by page: the first page loads whenever `key`
 * changes (another folder, other search words), Load more appends the next by cursor, and an answer
 * to a request that was overtaken is dropped.
 */
import { useEffect, useState } from 'react';
import { useCursorPages } from '../hooks/useCursorPages.js';
import type { Crumb, DriveEntry, FolderListing } from './filesApi.js';

export interface DrivePage {
  items: DriveEntry[];
  nextCursor: string | null;
  drive?: FolderListing['drive'];
  breadcrumbs?: Crumb[];
}

export interface DriveListing {
  items: DriveEntry[];
  drive: FolderListing['drive'] | null;
  breadcrumbs: Crumb[];
  loading: boolean;
  error: string | null;
  hasMore: boolean;
  loadMore(): void;
}

export function useDriveListing(fetchPage: (cursor: string | null) => Promise<DrivePage>, key: string): DriveListing {
  const pages = useCursorPages(fetchPage, key, itemIdOf, { clearOnError: true });
  // Search answers do not name the drive: it keeps the name the folder listing gave.
  const [drive, setDrive] = useState<FolderListing['drive'] | null>(null);
  const named = pages.first?.drive;
  useEffect(() => {
    if (named) setDrive(named);
  }, [named]);
  return {
    items: pages.items,
    drive,
    breadcrumbs: pages.first?.breadcrumbs ?? [],
    loading: pages.loading,
    error: pages.error,
    hasMore: pages.hasMore,
    loadMore: pages.loadMore,
  };
}

const itemIdOf = (entry: DriveEntry) => entry.itemId;
