/**
 * Keeps a list current from `<kind>.created|updated|deleted` events (and a sync's several-at-once event). Events may carry the whole
 * record or just its id; in the latter case the record is read back through the API, which also
 * re-applies workspace scoping. Records that no longer match the page's filter leave the list.
 */
import { ApiError } from '../api/client.js';
import { crudEvents, eventRecordId, RECONNECTED, syncedEvents, useLiveEvent } from '../live.js';

interface Target<T> {
  upsert(item: T): void;
  remove(id: string): void;
  reload(): void;
}

function looksLikeRecord(data: unknown): boolean {
  return !!data && typeof data === 'object' && 'id' in data && 'updatedAt' in data && 'createdAt' in data;
}

export function useLiveRecords<T extends { id: string }>(
  kind: string,
  list: Target<T>,
  fetchOne: (id: string) => Promise<T>,
  matches: (item: T) => boolean = () => true,
): void {
  useLiveEvent([...crudEvents(kind), ...syncedEvents(kind), RECONNECTED], (data, type) => {
    // Several records changed by a sync at once: read the list again rather than each one.
    if (type === RECONNECTED || syncedEvents(kind).includes(type)) return list.reload();
    const id = eventRecordId(data, kind);
    if (!id) return list.reload();
    if (type.endsWith('.deleted')) return list.remove(id);
    const apply = (item: T) => (matches(item) ? list.upsert(item) : list.remove(item.id));
    if (looksLikeRecord(data)) return apply(data as T);
    fetchOne(id).then(apply, (error: unknown) => {
      if (error instanceof ApiError && error.status === 404) list.remove(id);
    });
  });
}
