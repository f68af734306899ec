import type { SandboxContext } from '../../core/context.js';
import type { SandboxDb } from '../../core/db.js';
import { GraphError } from '../http/errors.js';
import { newCalendarId, newChangeKey } from './ids.js';
import { tenantDefaults } from './providers.js';
import { EVENT_COLUMNS, type CalendarRow, type EventRow, type NewEventRow } from './schema.js';

/** The row fields that decide which instances an event yields; kept in tombstones. */
export interface Shape { id: string; type: EventRow['type']; start: number; end: number; tz: string; rec: string | null; cancelled: string }
export const shapeOf = (r: EventRow): Shape => ({ id: r.id, type: r.type, start: r.start_ms, end: r.end_ms, tz: r.start_tz, rec: r.recurrence_json, cancelled: r.cancelled_json });

const statements = new WeakMap<SandboxDb, ReturnType<typeof prepare>>();
function prepare(db: SandboxDb) {
  return {
    insert: db.prepare(`INSERT INTO ge_event (${EVENT_COLUMNS.join(', ')}) VALUES (${EVENT_COLUMNS.map((c) => '@' + c).join(', ')})`),
    update: db.prepare(`UPDATE ge_event SET ${EVENT_COLUMNS.filter((c) => c !== 'user_id').map((c) => `${c} = @${c}`).join(', ')} WHERE pk = @pk`),
    byPk: db.prepare('SELECT * FROM ge_event WHERE pk = ?'),
    byId: db.prepare('SELECT * FROM ge_event WHERE id = ?'),
    byTxn: db.prepare('SELECT * FROM ge_event WHERE user_id = ? AND transaction_id = ?'),
    exceptions: db.prepare('SELECT * FROM ge_event WHERE master_pk = ?'),
    copies: db.prepare('SELECT * FROM ge_event WHERE org_pk = ?'),
    tomb: db.prepare('INSERT INTO ge_tomb (calendar_id, seq, event_pk, shape_json) VALUES (?, ?, ?, ?)'),
    del: db.prepare('DELETE FROM ge_event WHERE pk = ?'),
    seq: db.prepare('UPDATE ge_owner SET seq = seq + 1 WHERE user_id = ? RETURNING seq'),
    calendar: db.prepare('SELECT * FROM ge_calendar WHERE id = ?'),
  };
}
export function stmts(db: SandboxDb) {
  let s = statements.get(db);
  if (!s) statements.set(db, (s = prepare(db)));
  return s;
}

const known = new WeakMap<SandboxDb, Set<string>>();

/** A user's calendar exists from first use, as in Exchange; Teams is allowed unless the control API says otherwise (per user or tenant). */
export function ensureCalendar(ctx: SandboxContext, userId: string): CalendarRow {
  const db = ctx.db;
  let seen = known.get(db);
  if (!seen) known.set(db, (seen = new Set()));
  if (!seen.has(userId)) {
    if (!ctx.directory.userById(userId)) throw new GraphError(404, 'ErrorInvalidUser', `The requested user '${userId}' is invalid.`);
    db.transaction(() => {
      db.prepare('INSERT OR IGNORE INTO ge_owner (user_id, seq) VALUES (?, 0)').run(userId);
      if (!db.prepare('SELECT 1 FROM ge_calendar WHERE user_id = ? AND is_default = 1').get(userId)) {
        const providers = tenantDefaults(db, ctx.directory.userById(userId)!.tenantId);
        db.prepare(`INSERT INTO ge_calendar (id, user_id, name, is_default, color, change_key, allowed_json, default_provider, created)
          VALUES (?, ?, 'Calendar', 1, 'auto', ?, ?, ?, ?)`).run(newCalendarId(), userId, newChangeKey(), providers.allowed_json, providers.default_provider, ctx.now());
      }
    })();
    seen.add(userId);
  }
  return db.prepare('SELECT * FROM ge_calendar WHERE user_id = ? AND is_default = 1').get(userId) as CalendarRow;
}

export function calendarsOf(db: SandboxDb, userId: string): CalendarRow[] {
  return db.prepare('SELECT * FROM ge_calendar WHERE user_id = ? ORDER BY is_default DESC, created, rowid').all(userId) as CalendarRow[];
}

export function calendarByKey(ctx: SandboxContext, userId: string, key: string): CalendarRow | undefined {
  const def = ensureCalendar(ctx, userId);
  if (key.toLowerCase() === 'calendar' || key === def.id) return def;
  const row = stmts(ctx.db).calendar.get(key) as CalendarRow | undefined;
  return row && row.user_id === userId ? row : undefined;
}

export const calendarRow = (db: SandboxDb, id: string) => stmts(db).calendar.get(id) as CalendarRow;
export const eventByPk = (db: SandboxDb, pk: number) => stmts(db).byPk.get(pk) as EventRow | undefined;
export const eventById = (db: SandboxDb, id: string) => stmts(db).byId.get(id) as EventRow | undefined;
export const exceptionsOf = (db: SandboxDb, masterPk: number) => stmts(db).exceptions.all(masterPk) as EventRow[];
export const copiesOf = (db: SandboxDb, orgPk: number) => stmts(db).copies.all(orgPk) as EventRow[];
export const byTransaction = (db: SandboxDb, userId: string, txn: string) => stmts(db).byTxn.get(userId, txn) as EventRow | undefined;

export function nextSeq(db: SandboxDb, userId: string): number {
  const row = stmts(db).seq.get(userId) as { seq: number } | undefined;
  if (!row) throw new Error(`no calendar owner ${userId}`);
  return row.seq;
}

/** Announces a change to subscriptions: Graph names events `Users/{id}/Events/{id}`. */
export function publishEventChange(ctx: SandboxContext, row: EventRow, changeType: 'created' | 'updated' | 'deleted'): void {
  const tenantId = ctx.directory.userById(row.user_id)?.tenantId ?? '';
  ctx.bus.publish({
    tenantId, userId: row.user_id, changeType,
    resourcePaths: [`Users/${row.user_id}/Events/${row.id}`, `Users/${row.user_id}/Calendars/${row.calendar_id}/Events/${row.id}`],
    odataType: '#Microsoft.Graph.Event', id: row.id,
    ...(changeType !== 'deleted' ? { etag: `W/"${row.change_key}"` } : {}),
  });
}

export function insertEvent(ctx: SandboxContext, input: Omit<NewEventRow, 'seq' | 'change_key' | 'created' | 'modified'>, publish = true): EventRow {
  const db = ctx.db;
  const row = db.transaction(() => {
    const now = ctx.now();
    const r: NewEventRow = { ...input, seq: nextSeq(db, input.user_id), change_key: newChangeKey(), created: now, modified: now };
    const { lastInsertRowid } = stmts(db).insert.run(r);
    return eventByPk(db, Number(lastInsertRowid))!;
  })();
  if (publish) publishEventChange(ctx, row, 'created');
  return row;
}

/** A save, as Exchange does it: new changeKey, lastModifiedDateTime and change sequence; the old shape is kept for delta. */
export function updateEvent(ctx: SandboxContext, row: EventRow, patch: Partial<NewEventRow>, publish = true): EventRow {
  const db = ctx.db;
  const next = db.transaction(() => {
    stmts(db).tomb.run(row.calendar_id, nextSeq(db, row.user_id), row.pk, JSON.stringify(shapeOf(row)));
    const n: EventRow = { ...row, ...patch, seq: nextSeq(db, row.user_id), change_key: newChangeKey(), modified: Math.max(ctx.now(), row.modified + 1) };
    stmts(db).update.run(n);
    return n;
  })();
  if (publish) publishEventChange(ctx, next, 'updated');
  return next;
}

/** Removes an event (a series with its exceptions), leaving tombstones for calendarView delta. */
export function deleteEvent(ctx: SandboxContext, row: EventRow): void {
  const db = ctx.db;
  const family = row.type === 'seriesMaster' ? [...exceptionsOf(db, row.pk), row] : [row];
  db.transaction(() => {
    for (const r of family) {
      stmts(db).tomb.run(r.calendar_id, nextSeq(db, r.user_id), r.pk, JSON.stringify(shapeOf(r)));
      stmts(db).del.run(r.pk);
    }
  })();
  for (const r of family) publishEventChange(ctx, r, 'deleted');
}
