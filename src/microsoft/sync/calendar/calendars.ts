import type { Calendar } from '@microsoft/microsoft-graph-types';
import type { SyncContext, SyncScope } from '../contract.js';
import { syncStates } from '../syncStates.js';
import { afterRemoval } from './meetingActivities.js';

const LIST = '/me/calendars?$select=id,name,isDefaultCalendar,canEdit&$top=100';

/** The default calendar first: it is where new meetings land and what the catch-up looks at. */
function toScopes(rows: Array<{ graph_id: string; name: string; is_default: number }>): SyncScope[] {
  return [...rows].sort((a, b) => b.is_default - a.is_default)
    .map((r) => ({ key: r.graph_id, name: r.name, ...(r.is_default ? { primary: true } : {}) }));
}

/**
 * Brings calendar_calendars in step with the user's calendars: new and renamed ones upserted,
 * deleted ones removed with their events (and the activities only they made) and cursors.
 */
export async function refreshCalendars(ctx: SyncContext): Promise<SyncScope[]> {
  const listed: Calendar[] = [];
  for await (const page of ctx.graph.pages<Calendar>(ctx.account.id, LIST)) listed.push(...page.items.filter((c) => c.id));
  const hasDefault = listed.some((c) => c.isDefaultCalendar);
  const accountId = ctx.account.id;
  const now = new Date().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    const existing = await trx.selectFrom('calendar_calendars').select('graph_id').where('account_id', '=', accountId).execute();
    const keep = new Set(listed.map((c) => c.id!));
    for (const [i, c] of listed.entries()) {
      const values = { name: c.name ?? '', is_default: (c.isDefaultCalendar ?? (!hasDefault && i === 0)) ? 1 : 0, can_edit: c.canEdit === false ? 0 : 1, updated_at: now };
      await trx.insertInto('calendar_calendars').values({ account_id: accountId, graph_id: c.id!, window_start: null, window_end: null, ...values })
        .onConflict((oc) => oc.columns(['account_id', 'graph_id']).doUpdateSet(values)).execute();
    }
    for (const gone of existing.map((e) => e.graph_id).filter((g) => !keep.has(g))) {
      const removed = await trx.selectFrom('calendar_events').select(['id', 'activity_id', 'end_utc']).where('account_id', '=', accountId).where('calendar_graph_id', '=', gone).execute();
      await trx.deleteFrom('calendar_events').where('account_id', '=', accountId).where('calendar_graph_id', '=', gone).execute();
      // Gone with its calendar, not deleted one by one: CRM meetings stay (end far in the future never counts as "deleted in Outlook").
      await afterRemoval(trx, ctx.account, removed.map((r) => ({ ...r, end_utc: '' })), '\uffff');
      await trx.deleteFrom('calendar_calendars').where('account_id', '=', accountId).where('graph_id', '=', gone).execute();
      await syncStates.remove(trx, { accountId, resource: 'calendar', scopeKey: gone });
    }
  });
  return knownCalendars(ctx);
}

/** The scopes known from the last listing, without asking Graph. */
export async function knownCalendars(ctx: SyncContext): Promise<SyncScope[]> {
  const rows = await ctx.db.selectFrom('calendar_calendars').select(['graph_id', 'name', 'is_default']).where('account_id', '=', ctx.account.id).execute();
  return toScopes(rows);
}

/** The default calendar's graph id (where CRM meetings are created), if listed. */
export async function defaultCalendarId(ctx: Pick<SyncContext, 'db' | 'account'>): Promise<string | undefined> {
  const row = await ctx.db.selectFrom('calendar_calendars').select('graph_id').where('account_id', '=', ctx.account.id).where('is_default', '=', 1).executeTakeFirst();
  return row?.graph_id;
}
