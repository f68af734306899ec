import type { SandboxDb } from '../../core/db.js';
import { occurrenceICalUId, occurrenceId, parseOccurrenceId } from './ids.js';
import { expand, MAX_INSTANCES_PER_WINDOW, type Recurrence } from './recurrence.js';
import type { EventRow } from './schema.js';
import { eventById, exceptionsOf, type Shape } from './store.js';
import { ianaOf, utcToLocal } from './zones.js';

const DAY_MS = 86_400_000;

/** One thing a calendar view shows: a single event, an exception, or an occurrence of a series. */
export interface Instance {
  row: EventRow;
  kind: 'singleInstance' | 'occurrence' | 'exception' | 'seriesMaster';
  id: string;
  iCalUId: string;
  start: number;
  end: number;
  originalStart?: number;
  master?: EventRow;
}

const overlaps = (start: number, end: number, from: number, to: number) => start < to && (end > from || (end === start && start >= from));

function occurrences(shape: Shape, from: number, to: number, cap: number): Array<{ start: number; end: number }> {
  if (!shape.rec) return [];
  const rec = JSON.parse(shape.rec) as Recurrence;
  const zone = ianaOf(rec.range.recurrenceTimeZone) ?? ianaOf(shape.tz) ?? 'Etc/UTC';
  const timeOfDay = ((utcToLocal(zone, shape.start) % DAY_MS) + DAY_MS) % DAY_MS;
  const cancelled = new Set(JSON.parse(shape.cancelled) as number[]);
  return expand(rec, zone, timeOfDay, shape.end - shape.start, from, to, cap + cancelled.size).filter((o) => !cancelled.has(o.start)).slice(0, cap);
}

/** Whether `originalStart` is a live (not cancelled) occurrence of the series. */
export function isOccurrence(master: EventRow, originalStart: number): boolean {
  return occurrences({ id: master.id, type: master.type, start: master.start_ms, end: master.end_ms, tz: master.start_tz, rec: master.recurrence_json, cancelled: master.cancelled_json },
    originalStart, originalStart + 1, 1).some((o) => o.start === originalStart);
}

export function occurrenceInstance(master: EventRow, start: number): Instance {
  return { row: master, master, kind: 'occurrence', id: occurrenceId(master.id, start), iCalUId: occurrenceICalUId(master.ical_uid, start), start, end: start + (master.end_ms - master.start_ms), originalStart: start };
}

export function rowInstance(db: SandboxDb, row: EventRow, master?: EventRow): Instance {
  if (row.type !== 'exception') return { row, kind: row.type, id: row.id, iCalUId: row.ical_uid, start: row.start_ms, end: row.end_ms };
  const m = master ?? (db.prepare('SELECT * FROM ge_event WHERE pk = ?').get(row.master_pk) as EventRow | undefined);
  return { row, ...(m ? { master: m } : {}), kind: 'exception', id: row.id, iCalUId: occurrenceICalUId(row.ical_uid, row.original_start ?? row.start_ms), start: row.start_ms, end: row.end_ms, originalStart: row.original_start ?? row.start_ms };
}

/**
 * The instances one stored row contributes to a window: itself for a single event or an
 * exception; for a series master its occurrences, minus cancelled ones and those an exception
 * replaces (the exception row contributes itself). At most MAX_INSTANCES_PER_WINDOW per series.
 */
export function instancesOf(db: SandboxDb, row: EventRow, from: number, to: number, exceptionStarts?: Set<number>): Instance[] {
  if (row.type !== 'seriesMaster') return overlaps(row.start_ms, row.end_ms, from, to) ? [rowInstance(db, row)] : [];
  const replaced = exceptionStarts ?? new Set(exceptionsOf(db, row.pk).map((e) => e.original_start!));
  return occurrences(shapeOf(row), from, to, MAX_INSTANCES_PER_WINDOW + replaced.size)
    .filter((o) => !replaced.has(o.start)).slice(0, MAX_INSTANCES_PER_WINDOW)
    .map((o) => occurrenceInstance(row, o.start));
}

const shapeOf = (r: EventRow): Shape => ({ id: r.id, type: r.type, start: r.start_ms, end: r.end_ms, tz: r.start_tz, rec: r.recurrence_json, cancelled: r.cancelled_json });

/** Ids a past shape of a row showed in the window (for @removed). */
export function shapeIds(shape: Shape, from: number, to: number): string[] {
  if (shape.type !== 'seriesMaster') return overlaps(shape.start, shape.end, from, to) ? [shape.id] : [];
  return occurrences(shape, from, to, MAX_INSTANCES_PER_WINDOW).map((o) => occurrenceId(shape.id, o.start));
}

/** An event by any id a client may hold: a stored event or exception, or an occurrence of a series. */
export function findEvent(db: SandboxDb, userId: string, id: string): Instance | undefined {
  const row = eventById(db, id);
  if (row) return row.user_id === userId ? rowInstance(db, row) : undefined;
  const occ = parseOccurrenceId(id);
  if (!occ) return undefined;
  const master = eventById(db, occ.masterId);
  if (!master || master.user_id !== userId || master.type !== 'seriesMaster' || !isOccurrence(master, occ.originalStart)) return undefined;
  return occurrenceInstance(master, occ.originalStart);
}
