import { useCallback, useEffect, useState } from 'react';
import { ApiError, errorMessage } from '../api/client.js';
import { eventRecordId, syncedEvents, syncedNames, useLiveEvent } from '../live.js';

export interface RecordState<T> {
  record: T | null;
  setRecord: (record: T) => void;
  error: string | null;
  /** Deleted, or never in this workspace (the API answers 404 for both). */
  gone: boolean;
}

/**
 * One record page's data: loaded from the API, reloaded when another tab changes it, and marked
 * gone when it is deleted. `paused` holds live reloads back while the user edits the record.
 */
export function useRecord<T>(kind: string, id: string, get: (id: string) => Promise<T>, paused: boolean): RecordState<T> {
  const [record, setRecord] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [gone, setGone] = useState(false);

  const load = useCallback(() => {
    get(id).then(
      (r) => {
        setRecord(r);
        setError(null);
      },
      (err: unknown) => {
        if (err instanceof ApiError && err.status === 404) setGone(true);
        else setError(errorMessage(err));
      },
    );
    // `get` is a module-level API function, stable for the page's life: only `id` matters.
  }, [id]);
  useEffect(load, [load]);

  useLiveEvent([`${kind}.updated`, `${kind}.deleted`, ...syncedEvents(kind)], (data, type) => {
    const synced = syncedNames(data, type, id);
    if (synced !== null) {
      if (synced && !paused) load();
      return;
    }
    if (eventRecordId(data, kind) !== id) return;
    if (type === `${kind}.deleted`) setGone(true);
    else if (!paused) load();
  });

  return { record, setRecord, error, gone };
}
