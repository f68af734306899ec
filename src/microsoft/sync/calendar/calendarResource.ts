import type { Event } from '@microsoft/microsoft-graph-types';
import { newId } from '../../../lib/ids.js';
import type { DeltaItem, PageResult, SyncContext, SyncResource, SyncScope, Trx } from '../contract.js';
import { links } from '../links.js';
import { adoptCreates } from './adoptCreates.js';
import { knownCalendars, refreshCalendars } from './calendars.js';
import { mapEvent, type EventValues } from './mapEvent.js';
import { afterRemoval, syncActivities } from './meetingActivities.js';
import { occurrenceCounts, removeEvents, sweepEvents, upsertEvents } from './store.js';
import { DEFAULT_WINDOW, windowAt, windowOutdated, type WindowSettings } from './window.js';

export interface CalendarResourceOptions {
  window?: WindowSettings;
  /** Prefer: odata.maxpagesize (the only way to size calendarView delta pages). */
  maxPageSize?: number;
  /**
   * Occurrences kept per series. Graph expands a series within the window (a daily meeting over
   * 455 days is 455 rows); a series with no end and many occurrences a day must not flood the CRM.
   */
  maxOccurrencesPerSeries?: number;
  /** The clock (tests move it to see the window move). */
  now?: () => number;
}

/** Every read asks for UTC: Graph then writes zone-less times that mean UTC (times.ts). */
export const UTC_PREFERENCE = 'outlook.timezone="UTC"';

/** Outlook calendar: one scope per calendar, each a calendarView delta over a rolling window. */
export function calendarResource(options: CalendarResourceOptions = {}): SyncResource {
  const win = options.window ?? DEFAULT_WINDOW;
  const pageSize = options.maxPageSize ?? 200;
  const cap = options.maxOccurrencesPerSeries ?? 1_000;
  const now = options.now ?? Date.now;
  return {
    name: 'calendar',
    listScopes: (ctx) => refreshCalendars(ctx),
    firstUrl(scope: SyncScope) {
      // calendarView delta takes no other query option: the window is all, and it stays in the token.
      const w = windowAt(now(), win);
      return `/me/calendars/${encodeURIComponent(scope.key)}/calendarView/delta?startDateTime=${encodeURIComponent(w.start)}&endDateTime=${encodeURIComponent(w.end)}`;
    },
    headers: () => ({ prefer: `${UTC_PREFERENCE}, odata.maxpagesize=${pageSize}` }),
    echoes: (ctx, items) => links.echoes(ctx.db, ctx.account.id, 'calendar', items),

    async cursorOutdated(ctx: SyncContext, scope: SyncScope): Promise<boolean> {
      const row = await ctx.db.selectFrom('calendar_calendars').select('window_start').where('account_id', '=', ctx.account.id).where('graph_id', '=', scope.key).executeTakeFirst();
      return windowOutdated(row?.window_start ?? null, now(), win);
    },

    async applyPage(trx: Trx, ctx: SyncContext, scope: SyncScope, items: DeltaItem[], round: string | null): Promise<PageResult> {
      const removed = new Set<string>();
      const byGraphId = new Map<string, EventValues>();
      for (const item of items) {
        if (typeof item.id !== 'string') continue;
        if (item['@removed']) {
          removed.add(item.id);
          byGraphId.delete(item.id);
        } else {
          const row = mapEvent(item as Event, scope.key);
          // Replays within a page: the last version wins.
          if (row) {
            byGraphId.set(item.id, row);
            removed.delete(item.id);
          }
        }
      }
      const w = windowAt(now(), win);
      const gone = await removeEvents(trx, ctx.account.id, scope.key, [...removed]);
      await afterRemoval(trx, ctx.account, gone, w.start);
      await adoptCreates(trx, ctx, items.filter((i) => !i['@removed'] && typeof i.id === 'string' && byGraphId.has(i.id)) as Event[]);
      const rows = await capSeries(trx, ctx, [...byGraphId.values()], cap);
      const ids = await upsertEvents(trx, ctx.account, rows.map((r) => ({ ...r, id: newId() })), round);
      await followChangeKeys(trx, ctx, rows);
      await syncActivities(trx, ctx.account, [...ids.values()]);
      if (round) {
        // The round began from firstUrl with today's window: that is the window of the cursor it ends with.
        await trx.updateTable('calendar_calendars').set({ window_start: w.start, window_end: w.end })
          .where('account_id', '=', ctx.account.id).where('graph_id', '=', scope.key).execute();
      }
      return { upserted: [...ids.values()], removed: gone.map((g) => g.id) };
    },

    async sweep(trx: Trx, ctx: SyncContext, scope: SyncScope, round: string): Promise<number> {
      const gone = await sweepEvents(trx, ctx.account.id, scope.key, round);
      await afterRemoval(trx, ctx.account, gone, windowAt(now(), win).start);
      return gone.length;
    },
  };
}

/**
 * A linked item changed in Outlook: the link now holds the changeKey Tandem has seen, so the next
 * CRM edit is written against it (no needless 412), and this version coming back again is known.
 */
async function followChangeKeys(trx: Trx, ctx: SyncContext, rows: EventValues[]): Promise<void> {
  const keyed = new Map(rows.filter((r) => r.change_key).map((r) => [r.graph_id, r.change_key]));
  if (!keyed.size) return;
  for (const link of await links.byGraphIds(trx, ctx.account.id, 'calendar', [...keyed.keys()])) {
    const seen = keyed.get(link.graph_id)!;
    if (link.change_key !== seen) await links.upsert(trx, { ...link, change_key: seen });
  }
}

/** Drops occurrences past the cap of their series (ones already stored are always updated). */
async function capSeries(trx: Trx, ctx: SyncContext, rows: EventValues[], cap: number): Promise<EventValues[]> {
  const series = [...new Set(rows.map((r) => r.series_master_graph_id).filter((s): s is string => !!s))];
  if (!series.length) return rows;
  const counts = await occurrenceCounts(trx, ctx.account.id, series);
  const existing = new Set((await trx.selectFrom('calendar_events').select('graph_id').where('account_id', '=', ctx.account.id)
    .where('graph_id', 'in', rows.filter((r) => r.series_master_graph_id).map((r) => r.graph_id)).execute()).map((r) => r.graph_id));
  return rows.filter((r) => {
    const s = r.series_master_graph_id;
    if (!s || r.type === 'seriesMaster' || existing.has(r.graph_id)) return true;
    const n = counts.get(s) ?? 0;
    if (n >= cap) return false;
    counts.set(s, n + 1);
    return true;
  });
}

export { knownCalendars };
