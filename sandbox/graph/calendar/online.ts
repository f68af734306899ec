import type { SandboxContext } from '../../core/context.js';
import { joinUrl } from './ids.js';
import { joinUrlDelayFor } from './joinUrlDelay.js';
import type { CalendarRow, EventRow, NewEventRow } from './schema.js';
import { countSent } from './stats.js';

/**
 * Decides a new or changed event's online-meeting fields. A provider the calendar does not allow
 * is ignored without an error, as Graph does: the event is simply not an online meeting. Once
 * online, a meeting stays online (Graph cannot switch it back to in-person).
 */
export function onlineFields(ctx: SandboxContext, cal: CalendarRow, ask: { isOnline: boolean; provider?: string } | undefined, current?: EventRow): { fields: Partial<NewEventRow>; delayed: boolean } {
  if (current?.is_online) return { fields: {}, delayed: false };
  if (!ask?.isOnline) return { fields: current ? {} : { is_online: 0, provider: 'unknown', online_json: null }, delayed: false };
  const allowed = JSON.parse(cal.allowed_json) as string[];
  const provider = ask.provider ?? cal.default_provider;
  if (provider === 'unknown' || !allowed.includes(provider)) return { fields: current ? {} : { is_online: 0, provider: 'unknown', online_json: null }, delayed: false };
  const { share } = joinUrlDelayFor(ctx, cal.user_id);
  const delayed = share > 0 && Math.random() < share;
  const tenant = ctx.directory.userById(cal.user_id)?.tenantId ?? '';
  return {
    fields: { is_online: 1, provider, online_json: delayed ? null : JSON.stringify({ joinUrl: joinUrl(tenant, cal.user_id), conferenceId: null, tollNumber: null }) },
    delayed,
  };
}

/** Fills in a join URL that was held back, as a later update (so delta and notifications carry it). */
export function scheduleJoinUrl(ctx: SandboxContext, eventPk: number, apply: (url: string) => void): void {
  countSent(ctx, 'delayedJoinUrls');
  const owner = ctx.db.prepare('SELECT user_id FROM ge_event WHERE pk = ?').get(eventPk) as { user_id: string } | undefined;
  const timer = setTimeout(() => {
    if (!ctx.db.open) return;
    try {
      const row = ctx.db.prepare('SELECT user_id FROM ge_event WHERE pk = ?').get(eventPk) as { user_id: string } | undefined;
      if (row) apply(JSON.stringify({ joinUrl: joinUrl(ctx.directory.userById(row.user_id)?.tenantId ?? '', row.user_id), conferenceId: null, tollNumber: null }));
    } catch {
      // The sandbox closed in between; nothing to fill in.
    }
  }, owner ? joinUrlDelayFor(ctx, owner.user_id).ms : 0);
  timer.unref();
}
