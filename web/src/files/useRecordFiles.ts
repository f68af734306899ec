/**
 * The files attached to one record, refetched whenever the server says that record's links changed
 * (files.changed: a rename, move or delete in OneDrive reached Tandem, or another member attached or
 * detached) and after the live stream reconnects, when such an event may have been missed.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { errorMessage } from '../api/client.js';
import { RECONNECTED, useLiveEvent } from '../live.js';
import { files, type FileLink, type RecordRef } from './filesApi.js';

export const FILES_CHANGED = 'files.changed';

export interface RecordFiles {
  files: FileLink[];
  loading: boolean;
  error: string | null;
  reload(): void;
  /** Shows links the user just made without waiting for the refetch. */
  add(links: FileLink[]): void;
  remove(linkId: string): void;
}

/** Whether a files.changed payload names the record; a payload of unknown shape counts as yes. */
export function concerns(data: unknown, record: RecordRef): boolean {
  if (!data || typeof data !== 'object') return true;
  const obj = data as { records?: unknown; recordType?: unknown; recordId?: unknown };
  const refs = Array.isArray(obj.records) ? (obj.records as unknown[]) : [obj];
  const known = refs.filter((r): r is { recordType: string; recordId: string } => !!r && typeof r === 'object' && 'recordId' in r);
  if (!known.length) return true;
  return known.some((r) => r.recordId === record.id && (!r.recordType || r.recordType === record.type));
}

export function useRecordFiles(record: RecordRef, enabled: boolean): RecordFiles {
  const [list, setList] = useState<FileLink[]>([]);
  const [loading, setLoading] = useState(enabled);
  const [error, setError] = useState<string | null>(null);
  // A slow answer must not overwrite a newer one (two events in a row).
  const generation = useRef(0);
  const { type, id } = record;

  const reload = useCallback(() => {
    const gen = ++generation.current;
    setLoading(true);
    files.list({ type, id }).then(
      (r) => {
        if (gen !== generation.current) return;
        setList(r.files);
        setError(null);
        setLoading(false);
      },
      (err: unknown) => {
        if (gen !== generation.current) return;
        setError(errorMessage(err));
        setLoading(false);
      },
    );
  }, [type, id]);

  useEffect(() => {
    if (enabled) reload();
  }, [enabled, reload]);

  useLiveEvent([FILES_CHANGED, RECONNECTED], (data, eventType) => {
    if (enabled && (eventType === RECONNECTED || concerns(data, { type, id }))) reload();
  });

  const add = useCallback((links: FileLink[]) => {
    setList((prev) => [...links, ...prev.filter((f) => !links.some((l) => l.id === f.id))]);
  }, []);
  const remove = useCallback((linkId: string) => setList((prev) => prev.filter((f) => f.id !== linkId)), []);

  return { files: list, loading, error, reload, add, remove };
}
