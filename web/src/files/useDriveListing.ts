/**
 * One folder's items, or one search's results, page by page: the first page loads whenever `key`
 * changes (another folder, other search words), Load more appends the next by cursor, and an answer
 * to a request that was overtaken is dropped.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { errorMessage } from '../api/client.js';
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
  const [items, setItems] = useState<DriveEntry[]>([]);
  const [head, setHead] = useState<{ drive: FolderListing['drive'] | null; breadcrumbs: Crumb[] }>({ drive: null, breadcrumbs: [] });
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const fetchRef = useRef(fetchPage);
  useEffect(() => {
    fetchRef.current = fetchPage;
  });
  const generation = useRef(0);

  const load = useCallback((from: string | null) => {
    const gen = from === null ? ++generation.current : generation.current;
    setLoading(true);
    if (from === null) setError(null);
    fetchRef.current(from).then(
      (page) => {
        if (gen !== generation.current) return;
        setItems((prev) => {
          if (from === null) return page.items;
          const seen = new Set(prev.map((p) => p.itemId));
          return [...prev, ...page.items.filter((i) => !seen.has(i.itemId))];
        });
        // Search answers do not name the drive: it keeps the name the folder listing gave.
        if (from === null) setHead((prev) => ({ drive: page.drive ?? prev.drive, breadcrumbs: page.breadcrumbs ?? [] }));
        setCursor(page.nextCursor);
        setLoading(false);
      },
      (err: unknown) => {
        if (gen !== generation.current) return;
        if (from === null) setItems([]);
        setError(errorMessage(err));
        setLoading(false);
      },
    );
  }, []);

  useEffect(() => load(null), [key, load]);

  return {
    items,
    drive: head.drive,
    breadcrumbs: head.breadcrumbs,
    loading,
    error,
    hasMore: cursor !== null,
    loadMore: () => cursor && load(cursor),
  };
}
