import type { SyncAccount, Trx } from '../contract.js';
import type { EventValues } from './mapEvent.js';

const CHUNK = 200;

export interface RemovedEvent {
  id: string;
  activity_id: string | null;
  end_utc: string;
}

/** Upserts by (account, immutable graph id); returns row id per graph id. `round` stamps a full round. */
export async function upsertEvents(trx: Trx, account: SyncAccount, rows: Array<EventValues & { id: string }>, round: string | null): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK).map((r) => ({ ...r, account_id: account.id, user_id: account.userId, workspace_id: account.workspaceId, activity_id: null, sync_round: round }));
    const stored = await trx.insertInto('calendar_events').values(chunk)
      .onConflict((oc) => oc.columns(['account_id', 'graph_id']).doUpdateSet((eb) => ({
        calendar_graph_id: eb.ref('excluded.calendar_graph_id'),
        ical_uid: eb.ref('excluded.ical_uid'),
        series_master_graph_id: eb.ref('excluded.series_master_graph_id'),
        type: eb.ref('excluded.type'),
        subject: eb.ref('excluded.subject'),
        body_preview: eb.ref('excluded.body_preview'),
        start_utc: eb.ref('excluded.start_utc'),
        end_utc: eb.ref('excluded.end_utc'),
        is_all_day: eb.ref('excluded.is_all_day'),
        time_zone: eb.ref('excluded.time_zone'),
        location: eb.ref('excluded.location'),
        organizer_name: eb.ref('excluded.organizer_name'),
        organizer_address: eb.ref('excluded.organizer_address'),
        attendees: eb.ref('excluded.attendees'),
        is_online_meeting: eb.ref('excluded.is_online_meeting'),
        // A later answer without the link (it is filled in moments after a create) keeps the one known.
        join_url: eb.fn.coalesce('excluded.join_url', 'calendar_events.join_url'),
        is_cancelled: eb.ref('excluded.is_cancelled'),
        change_key: eb.ref('excluded.change_key'),
        updated_at: eb.ref('excluded.updated_at'),
        ...(round ? { sync_round: eb.ref('excluded.sync_round') } : {}),
      })))
      .returning(['id', 'graph_id']).execute();
    for (const s of stored) ids.set(s.graph_id, s.id);
  }
  return ids;
}

/** Deletes rows of one calendar by graph id; returns what they were (their activities may need to go). */
export async function removeEvents(trx: Trx, accountId: string, calendarGraphId: string, graphIds: string[]): Promise<RemovedEvent[]> {
  const out: RemovedEvent[] = [];
  for (let i = 0; i < graphIds.length; i += 500) {
    const part = graphIds.slice(i, i + 500);
    const q = trx.selectFrom('calendar_events').where('account_id', '=', accountId).where('calendar_graph_id', '=', calendarGraphId).where('graph_id', 'in', part);
    out.push(...(await q.select(['id', 'activity_id', 'end_utc']).execute()));
    await trx.deleteFrom('calendar_events').where('account_id', '=', accountId).where('calendar_graph_id', '=', calendarGraphId).where('graph_id', 'in', part).execute();
  }
  return out;
}

/** The end of a full round: rows of the calendar it did not see are gone (deleted, or out of the window). */
export async function sweepEvents(trx: Trx, accountId: string, calendarGraphId: string, round: string): Promise<RemovedEvent[]> {
  const stale = await trx.selectFrom('calendar_events').select(['id', 'activity_id', 'end_utc', 'graph_id'])
    .where('account_id', '=', accountId).where('calendar_graph_id', '=', calendarGraphId)
    .where((eb) => eb.or([eb('sync_round', 'is', null), eb('sync_round', '!=', round)])).execute();
  const ids = stale.map((s) => s.id);
  for (let i = 0; i < ids.length; i += 500) await trx.deleteFrom('calendar_events').where('id', 'in', ids.slice(i, i + 500)).execute();
  return stale;
}

/** How many occurrences of each series the account already holds (the cap counts them). */
export async function occurrenceCounts(trx: Trx, accountId: string, seriesIds: string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  if (!seriesIds.length) return out;
  const rows = await trx.selectFrom('calendar_events').select(['series_master_graph_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('account_id', '=', accountId).where('series_master_graph_id', 'in', seriesIds).groupBy('series_master_graph_id').execute();
  for (const r of rows) if (r.series_master_graph_id) out.set(r.series_master_graph_id, Number(r.n));
  return out;
}
