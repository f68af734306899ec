/**
 * One EventSource per page on /api/events. Pages subscribe to event types; the stream is opened
 * while signed in and reopened when the workspace changes (events are scoped by workspace).
 * Whenever the stream (re)opens, the synthetic "live.reconnected" event tells pages to refetch
 * what they may have missed while it was not connected (including the moments before the first
 * open, when a page may already have read its data).
 */
import { useEffect, useRef, useSyncExternalStore } from 'react';

export type LiveHandler = (data: unknown, type: string) => void;

export const RECONNECTED = 'live.reconnected';

const handlers = new Map<string, Set<LiveHandler>>();
let source: EventSource | null = null;

export type LiveStatus = 'off' | 'connecting' | 'open';
let status: LiveStatus = 'off';
const statusListeners = new Set<() => void>();

function setStatus(next: LiveStatus): void {
  if (next === status) return;
  status = next;
  for (const listener of statusListeners) listener();
}

/** Whether live updates are flowing, for the header's indicator. */
export function useLiveStatus(): LiveStatus {
  return useSyncExternalStore(
    (listener) => {
      statusListeners.add(listener);
      return () => statusListeners.delete(listener);
    },
    () => status,
  );
}
const attached = new Set<string>();

function dispatch(type: string, data: unknown): void {
  for (const handler of handlers.get(type) ?? []) {
    try {
      handler(data, type);
    } catch (error) {
      console.error('live event handler failed', type, error);
    }
  }
}

function parse(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

function attach(type: string): void {
  if (!source || attached.has(type) || type === RECONNECTED) return;
  attached.add(type);
  source.addEventListener(type, (event) => dispatch(type, parse((event as MessageEvent<string>).data)));
}

export function connectLive(): void {
  disconnectLive();
  const es = new EventSource('/api/events', { withCredentials: true });
  source = es;
  setStatus('connecting');
  es.addEventListener('open', () => {
    setStatus('open');
    dispatch(RECONNECTED, null);
  });
  // EventSource retries by itself; CLOSED means it gave up (e.g. 401 after the session ended).
  es.addEventListener('error', () => setStatus(es.readyState === EventSource.CLOSED ? 'off' : 'connecting'));
  for (const type of handlers.keys()) attach(type);
}

export function disconnectLive(): void {
  source?.close();
  source = null;
  attached.clear();
  setStatus('off');
}

export function subscribe(types: string[], handler: LiveHandler): () => void {
  for (const type of types) {
    let set = handlers.get(type);
    if (!set) handlers.set(type, (set = new Set()));
    set.add(handler);
    attach(type);
  }
  return () => {
    for (const type of types) handlers.get(type)?.delete(handler);
  };
}

/** The created/updated/deleted event types of one record kind, e.g. crudEvents('task'). */
export function crudEvents(kind: string): string[] {
  return [`${kind}.created`, `${kind}.updated`, `${kind}.deleted`];
}

/**
 * Events a sync publishes when it changed several records of a kind at once, with their ids
 * ({ ids }); one person comes as person.created/updated/deleted, companies a sync made always this way.
 */
const SYNCED_EVENTS: Record<string, string> = { person: 'people.synced', company: 'companies.synced' };

export function syncedEvents(kind: string): string[] {
  const type = SYNCED_EVENTS[kind];
  return type ? [type] : [];
}

/**
 * Whether a synced event may concern the record `id`: null when `type` is not a synced event; true
 * when it names the id, or named only some of its records (truncated).
 */
export function syncedNames(data: unknown, type: string, id: string): boolean | null {
  if (!Object.values(SYNCED_EVENTS).includes(type)) return null;
  const d = (data && typeof data === 'object' ? data : {}) as { ids?: unknown; truncated?: unknown };
  return d.truncated === true || (Array.isArray(d.ids) && d.ids.includes(id));
}

/** Subscribes for the component's lifetime; the latest handler is always the one called. */
export function useLiveEvent(types: string[], handler: LiveHandler): void {
  const latest = useRef(handler);
  useEffect(() => {
    latest.current = handler;
  });
  const key = types.join(',');
  useEffect(() => subscribe(key.split(','), (data, type) => latest.current(data, type)), [key]);
}

/** The record id an event is about, whatever the payload's shape ({id}, {task:{id}}, ...). */
export function eventRecordId(data: unknown, kind: string): string | null {
  if (!data || typeof data !== 'object') return null;
  const obj = data as Record<string, unknown>;
  if (typeof obj.id === 'string') return obj.id;
  const nested = obj[kind];
  if (nested && typeof nested === 'object' && typeof (nested as Record<string, unknown>).id === 'string') {
    return (nested as Record<string, string>).id ?? null;
  }
  if (typeof obj[`${kind}Id`] === 'string') return obj[`${kind}Id`] as string;
  return null;
}
