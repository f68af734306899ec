/**
 * A cursor-paginated list: the first page loads whenever `key` changes (search text, filters),
 * "Load more" appends the next page, and live events upsert or remove single records in place.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { errorMessage } from '../api/client.js';
import type { Page } from '../api/types.js';

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
  const [items, setItems] = useState<T[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const fetchRef = useRef(fetchPage);
  useEffect(() => {
    fetchRef.current = fetchPage;
  });
  // Answers to an outdated request (the search text changed meanwhile) are dropped.
  const generation = useRef(0);

  const load = useCallback((from: string | null) => {
    const gen = from === null ? ++generation.current : generation.current;
    setLoading(true);
    fetchRef.current(from).then(
      (page) => {
        if (gen !== generation.current) return;
        setItems((prev) => {
          if (from === null) return page.items;
          const seen = new Set(prev.map((item) => item.id));
          return [...prev, ...page.items.filter((item) => !seen.has(item.id))];
        });
        setCursor(page.nextCursor);
        setError(null);
        setLoading(false);
      },
      (err: unknown) => {
        if (gen !== generation.current) return;
        setError(errorMessage(err));
        setLoading(false);
      },
    );
  }, []);

  useEffect(() => load(null), [key, load]);

  const upsert = useCallback((item: T) => {
    setItems((prev) => {
      const at = prev.findIndex((p) => p.id === item.id);
      if (at === -1) return [item, ...prev];
      const next = prev.slice();
      next[at] = item;
      return next;
    });
  }, []);

  const remove = useCallback((id: string) => setItems((prev) => prev.filter((p) => p.id !== id)), []);

  return {
    items,
    loading,
    error,
    hasMore: cursor !== null,
    loadMore: () => cursor && load(cursor),
    reload: () => load(null),
    upsert,
    remove,
  };
}
