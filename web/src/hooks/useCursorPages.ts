/**
 * The paging every list shares: the first page loads whenever `key` changes (search words, filters,
 * another folder), Load more appends the next page by cursor (dropping items already shown), and an
 * answer to a request that was overtaken is dropped.
 */
import { useCallback, useEffect, useRef, useState, type Dispatch, type SetStateAction } from 'react';
import { errorMessage } from '../api/client.js';

export interface CursorPage<T> {
  items: T[];
  nextCursor: string | null;
}

export interface CursorPages<T, P> {
  items: T[];
  setItems: Dispatch<SetStateAction<T[]>>;
  /** The answer that began the list (a folder listing names its drive and breadcrumbs). */
  first: P | null;
  loading: boolean;
  error: string | null;
  hasMore: boolean;
  loadMore(): void;
  reload(): void;
}

export function useCursorPages<T, P extends CursorPage<T>>(
  fetchPage: (cursor: string | null) => Promise<P>,
  key: string,
  idOf: (item: T) => string,
  /** Whether a failed first load empties the list (a folder that cannot be read shows nothing of the last one). */
  options: { clearOnError?: boolean } = {},
): CursorPages<T, P> {
  const [items, setItems] = useState<T[]>([]);
  const [first, setFirst] = useState<P | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const latest = useRef({ fetchPage, idOf, clearOnError: options.clearOnError === true });
  useEffect(() => {
    latest.current = { fetchPage, idOf, clearOnError: options.clearOnError === true };
  });
  const generation = useRef(0);

  const load = useCallback((from: string | null) => {
    const gen = from === null ? ++generation.current : generation.current;
    setLoading(true);
    if (from === null) setError(null);
    const { fetchPage: fetchNow, idOf: id, clearOnError } = latest.current;
    fetchNow(from).then(
      (page) => {
        if (gen !== generation.current) return;
        setItems((prev) => {
          if (from === null) return page.items;
          const seen = new Set(prev.map(id));
          return [...prev, ...page.items.filter((item) => !seen.has(id(item)))];
        });
        if (from === null) setFirst(page);
        setCursor(page.nextCursor);
        setError(null);
        setLoading(false);
      },
      (err: unknown) => {
        if (gen !== generation.current) return;
        if (from === null && clearOnError) setItems([]);
        setError(errorMessage(err));
        setLoading(false);
      },
    );
  }, []);

  useEffect(() => load(null), [key, load]);

  return { items, setItems, first, loading, error, hasMore: cursor !== null, loadMore: () => cursor && load(cursor), reload: () => load(null) };
}
