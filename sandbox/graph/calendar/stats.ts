import type { SandboxContext } from '../../core/context.js';

/** What client tests assert about calendar traffic: writes, reads and the mail Outlook sends for them. */
export interface CalendarStats {
  /** Event reads (GET of events, calendarView, its delta, instances) per mailbox. */
  readsByMailbox: Record<string, number>;
  /** Event writes through Graph (POST, PATCH, DELETE, cancel) per mailbox. */
  writesByMailbox: Record<string, number>;
  /** Meeting requests sent to attendees (a create with attendees, or a PATCH that sets `attendees`). */
  invitationsSent: number;
  /** Updates sent to attendees because the organizer moved the meeting (times, recurrence, location). */
  updatesSent: number;
  cancellationsSent: number;
  /** Creates answered with `onlineMeeting: null`, filled in afterwards. */
  delayedJoinUrls: number;
  /** POSTs answered from an earlier create with the same transactionId. */
  transactionReplays: number;
}

export interface CalendarKnobs {
  /** Share (0..1) of Teams creates whose join URL arrives later, as an update. */
  delayedJoinUrlShare: number;
  delayedJoinUrlMs: number;
}

const zero = (): CalendarStats => ({ readsByMailbox: {}, writesByMailbox: {}, invitationsSent: 0, updatesSent: 0, cancellationsSent: 0, delayedJoinUrls: 0, transactionReplays: 0 });
const states = new WeakMap<SandboxContext, { stats: CalendarStats; knobs: CalendarKnobs }>();

export function calendarState(ctx: SandboxContext): { stats: CalendarStats; knobs: CalendarKnobs } {
  let s = states.get(ctx);
  if (!s) states.set(ctx, (s = { stats: zero(), knobs: { delayedJoinUrlShare: 0, delayedJoinUrlMs: 300 } }));
  return s;
}

export function resetCalendarStats(ctx: SandboxContext): CalendarStats {
  calendarState(ctx).stats = zero();
  return calendarState(ctx).stats;
}

export function countEventCall(ctx: SandboxContext, userId: string, kind: 'read' | 'write'): void {
  const m = kind === 'read' ? calendarState(ctx).stats.readsByMailbox : calendarState(ctx).stats.writesByMailbox;
  m[userId] = (m[userId] ?? 0) + 1;
}

export function countSent(ctx: SandboxContext, field: 'invitationsSent' | 'updatesSent' | 'cancellationsSent' | 'delayedJoinUrls' | 'transactionReplays', n = 1): void {
  calendarState(ctx).stats[field] += n;
}
