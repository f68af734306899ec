import type { ResourceManifest } from '../manifest.js';
import { knownCalendars } from './calendars.js';
import { calendarResource, type CalendarResourceOptions } from './calendarResource.js';
import { calendarWriteBack } from './calendarWriteBack.js';
import { purgeCalendar } from './purge.js';

export type CalendarManifestOptions = CalendarResourceOptions;

/** Outlook calendar as one two-way resource of the sync engine. */
export function calendarManifest(options: CalendarManifestOptions = {}): ResourceManifest {
  return {
    name: 'calendar',
    feature: 'calendar',
    // One subscription on every calendar's events: delta works per calendar, notifications need not.
    subscription: { resource: '/me/events', changeType: 'created,updated,deleted', maxLifetimeMinutes: 4_230 },
    sync: calendarResource(options),
    // Meetings land in the default calendar: one delta request there, usually an empty page.
    catchUp: { everyMs: 2 * 60_000, scopes: (all) => all.filter((sc) => sc.primary).slice(0, 1) },
    knownScopes: knownCalendars,
    // A notification names an event, not its calendar: every calendar is one cheap delta request.
    async liveEvent(ctx, _scope, page) {
      const ids = [...page.upserted, ...page.removed];
      const acts = page.upserted.length
        ? await ctx.db.selectFrom('calendar_events').select('activity_id').distinct().where('id', 'in', page.upserted.slice(0, 500)).where('activity_id', 'is not', null).execute()
        : [];
      const activityIds = acts.map((a) => a.activity_id!);
      return {
        type: 'calendar.changed',
        userId: ctx.account.userId,
        data: { ids: ids.slice(0, 200), activityIds: activityIds.slice(0, 200), ...(ids.length > 200 || activityIds.length > 200 ? { truncated: true } : {}) },
      };
    },
    purge: (trx, account) => purgeCalendar(trx, account),
    items: { one: 'calendar event', other: 'calendar events' },
    writeBack: calendarWriteBack(),
  };
}
