import type { FastifyInstance } from 'fastify';
import type { SandboxContext } from '../../core/context.js';
import { serveDelta, type DeltaBase, type DeltaItem, type DeltaSource } from '../delta/engine.js';
import { registerEpochKeeper, replaySettings, tableEpochs } from '../delta/settings.js';
import { badRequest } from '../http/errors.js';
import { cachedStatement } from '../mail/mailbox.js';
import { graphRoute, type GraphCall } from '../http/route.js';
import { calendarOr404, eventView, reading } from './common.js';
import { instancesOf, rowInstance, shapeIds } from './instances.js';
import type { EventRow } from './schema.js';
import { eventObject, type EventView } from './serialize.js';
import type { Shape } from './store.js';
import { windowOf } from './view.js';
import { currentIds } from './window.js';

registerEpochKeeper('calendar', tableEpochs('calendar'));

/** A calendarView delta state: the window, the change range (lo, hi], and a position inside one row's instances. */
interface ViewState extends DeltaBase {
  from: number;
  to: number;
  lo: number;
  hi: number;
  r: 0 | 1;
  /** seq of a row whose instances were only partly served, and how many of them */
  ps?: number;
  po?: number;
}

interface Source { seq: number; row?: EventRow; tomb?: { event_pk: number; shape_json: string } }

const TYPE = '"@odata.type":"#microsoft.graph.event",';
const removed = (id: string) => `{${TYPE}"id":${JSON.stringify(id)},"@removed":{"reason":"deleted"}}`;

function itemsOf(ctx: SandboxContext, st: ViewState, s: Source, v: EventView): string[] {
  const db = ctx.db;
  if (s.row) {
    return instancesOf(db, s.row, st.from, st.to).map((i) => {
      const inst = s.row!.type === 'exception' ? rowInstance(db, s.row!) : i;
      return `{${TYPE}${JSON.stringify(eventObject(inst, v)).slice(1)}`;
    });
  }
  // A past shape: what it showed in the window and no longer does comes back as @removed.
  const now = currentIds(db, s.tomb!.event_pk, st.from, st.to);
  return shapeIds(JSON.parse(s.tomb!.shape_json) as Shape, st.from, st.to).filter((id) => !now.has(id)).map(removed);
}

function sources(ctx: SandboxContext, calendarId: string, st: ViewState, lo: number, limit: number): Source[] {
  // `+span_start` keeps SQLite on the (calendar_id, seq) index: a page is one ordered range scan, never a sort.
  const rows = cachedStatement(ctx.db, 'SELECT * FROM ge_event WHERE calendar_id = ? AND seq > ? AND seq <= ? AND +span_start < ? AND +span_end >= ? ORDER BY seq LIMIT ?')
    .all(calendarId, lo, st.hi, st.to, st.from, limit) as EventRow[];
  const tombs = st.r
    ? (cachedStatement(ctx.db, 'SELECT seq, event_pk, shape_json FROM ge_tomb WHERE calendar_id = ? AND seq > ? AND seq <= ? ORDER BY seq LIMIT ?')
      .all(calendarId, lo, st.hi, limit) as Array<{ seq: number; event_pk: number; shape_json: string }>)
    : [];
  const all: Source[] = [...rows.map((row) => ({ seq: row.seq, row })), ...tombs.map((t) => ({ seq: t.seq, tomb: t }))];
  return all.sort((a, b) => a.seq - b.seq).slice(0, limit);
}

function viewSource(call: GraphCall): DeltaSource<ViewState> {
  reading(call);
  const { ctx, userId } = call;
  const cal = calendarOr404(call);
  const seqNow = (ctx.db.prepare('SELECT seq FROM ge_owner WHERE user_id = ?').get(userId) as { seq: number }).seq;
  const epoch = tableEpochs('calendar').read(ctx, userId);
  // calendarView delta takes no query options besides the window (Graph refuses them).
  for (const n of ['$select', '$filter', '$orderby', '$expand', '$search', '$top', '$skip', '$count']) {
    if (call.query[n] !== undefined) throw badRequest(`The query option '${n}' is not supported with calendarView delta.`, 'ErrorInvalidUrlQuery');
  }
  return {
    owner: userId, scope: cal.id, epoch, replays: replaySettings(ctx, 'calendar'),
    context: 'Collection(event)',
    start: () => ({ u: userId, sc: cal.id, e: epoch.epoch, ...windowOf(call), lo: 0, hi: seqNow, r: 0 }),
    nextRound: (st) => ({ ...st, lo: st.hi, hi: seqNow, r: 1, ps: 0, po: 0 }),
    finish: (st) => ({ ...st, lo: st.hi, ps: 0, po: 0 }),
    freshQuery: (st) => `startDateTime=${new Date(st.from).toISOString()}&endDateTime=${new Date(st.to).toISOString()}`,
    page(st, limit) {
      const v = eventView(call, undefined);
      const out: Array<DeltaItem<ViewState>> = [];
      let lo = st.lo;
      // Rows come in small batches: a series yields many instances, so a page rarely needs `limit` rows.
      const want = Math.min(limit, 200);
      for (;;) {
        const batch = sources(ctx, cal.id, st, lo, want);
        for (const s of batch) {
          const items = itemsOf(ctx, st, s, v);
          const skip = s.seq === st.ps ? (st.po ?? 0) : 0;
          for (let k = skip; k < items.length; k++) {
            const last = k === items.length - 1;
            out.push({ json: items[k]!, after: last ? { ...st, lo: s.seq, ps: 0, po: 0 } : { ...st, lo: s.seq - 1, ps: s.seq, po: k + 1 } });
            if (out.length >= limit) return out;
          }
          lo = s.seq;
        }
        if (batch.length < want) return out;
      }
    },
  };
}

export function registerCalendarDeltaRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  for (const prefix of ['', '/calendar', '/calendars/:calendarId']) {
    graphRoute(app, ctx, {
      method: 'GET', path: `${prefix}/calendarView/delta`, permissions: ['Calendars.ReadBasic'],
      handler: (call) => serveDelta(call, viewSource(call)),
    });
  }
}
