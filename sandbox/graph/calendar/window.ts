import type { SandboxDb } from '../../core/db.js';
import { instancesOf, rowInstance, type Instance } from './instances.js';
import type { EventRow } from './schema.js';
import { eventByPk, exceptionsOf } from './store.js';

/**
 * Rows of a calendar whose instances may touch [from, to): one range scan on the span index.
 * Zero-length events at `from` count, hence `span_end >= from` (instancesOf decides exactly).
 */
export function rowsInWindow(db: SandboxDb, calendarId: string, from: number, to: number): EventRow[] {
  return db.prepare('SELECT * FROM ge_event WHERE calendar_id = ? AND span_start < ? AND span_end >= ?').all(calendarId, to, from) as EventRow[];
}

/** Every instance of a calendar in a window, by start: what calendarView lists. */
export function windowInstances(db: SandboxDb, calendarId: string, from: number, to: number): Instance[] {
  const rows = rowsInWindow(db, calendarId, from, to);
  const masters = new Map(rows.filter((r) => r.type === 'seriesMaster').map((r) => [r.pk, r]));
  const out: Instance[] = [];
  for (const r of rows) {
    if (r.type === 'seriesMaster') out.push(...instancesOf(db, r, from, to));
    else out.push(...instancesOf(db, r, from, to).map((i) => (r.type === 'exception' ? rowInstance(db, r, masters.get(r.master_pk!)) : i)));
  }
  return out.sort((a, b) => a.start - b.start || a.id.localeCompare(b.id));
}

/** The ids a stored event (by pk) shows in the window now; empty once it is gone. */
export function currentIds(db: SandboxDb, pk: number, from: number, to: number): Set<string> {
  const row = eventByPk(db, pk);
  if (!row) return new Set();
  const ids = instancesOf(db, row, from, to).map((i) => i.id);
  if (row.type === 'seriesMaster') for (const e of exceptionsOf(db, row.pk)) ids.push(...instancesOf(db, e, from, to).map((i) => i.id));
  return new Set(ids);
}
