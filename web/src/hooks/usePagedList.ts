/**
 * A cursor-paginated list: the first page loads whenever `key` changes (search text, filters),
 * "Load more" appends the next page, and live events upsert or remove single records in place.
 */
import { useCallback } from 'react';
import type { Page } from '../api/types.js';
import { useCursorPages } from './useCursorPages.js';

export interface PagedList<T extends { id: string }> {
  items: T[];
  loading: boolean;
  error: string | null;
  hasMore: boolean;
  loadMore(): void;
  reload(): void;
  upsert(item: T): void;
  remove(id: string): void;
}

export function usePagedList<T extends { id: string }>(
  fetchPage: (cursor: string | null) => Promise<Page<T>>,
  key: string,
): PagedList<T> {
  const { items, setItems, loading, error, hasMore, loadMore, reload } = useCursorPages<T, Page<T>>(fetchPage, key, idOf);

  const upsert = useCallback((item: T) => {
    setItems((prev) => {
      const at = prev.findIndex((p) => p.id === item.id);
      if (at === -1) return [item, ...prev];
      const next = prev.slice();
      next[at] = item;
      return next;
    });
  }, [setItems]);

  const remove = useCallback((id: string) => setItems((prev) => prev.filter((p) => p.id !== id)), [setItems]);

  return { items, loading, error, hasMore, loadMore, reload, upsert, remove };
}

const idOf = (item: { id: string }) => item.id;
