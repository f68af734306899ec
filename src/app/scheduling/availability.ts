import type { MailboxSettings } from '@microsoft/microsoft-graph-types';
import { meetingsOfOwner } from '../../crm/meetings.js';
import { liveBookings } from '../../crm/scheduling/bookings.js';
import type { SchedulingPage, WeeklyHours, Weekday } from '../../crm/scheduling/page.js';
import { freeSlots, type Busy } from '../../crm/scheduling/slots.js';
import type { MicrosoftAccount } from '../../microsoft/accounts/accounts.js';
import { missingScopes } from '../../microsoft/catalogue.js';
import { syncedBusy } from '../../microsoft/sync/calendar/busy.js';
import { ianaZone } from '../../microsoft/sync/calendar/zones.js';
import { calendarGranted } from '../microsoft/calendar/access.js';
import type { SchedulingDeps } from './deps.js';

const DAY_NAMES: Record<string, Weekday> = { sunday: 'sun', monday: 'mon', tuesday: 'tue', wednesday: 'wed', thursday: 'thu', friday: 'fri', saturday: 'sat' };
const TTL_MS = 5 * 60_000;
const hoursCache = new Map<string, { at: number; hours: OfferedHours | null }>();

/** The hours a page offers, with the zone they are meant in. */
export interface OfferedHours {
  weekly: WeeklyHours;
  timeZone: string;
  /** Where they come from, for the owner's page settings. */
  source: 'mailbox' | 'custom';
}

/**
 * The page's own hours, or the mailbox's Outlook working hours (MailboxSettings.Read) when the page
 * says so and the grant allows; without the grant the page's own hours stand, and the owner's page
 * settings say why. Outlook answers cached per account for a few minutes.
 */
export async function offeredHours(deps: SchedulingDeps, page: SchedulingPage, account: MicrosoftAccount | undefined): Promise<OfferedHours> {
  const own: OfferedHours = { weekly: page.availability.weekly, timeZone: page.timeZone, source: 'custom' };
  if (page.availability.source !== 'mailbox' || !account || missingScopes('mailboxSettings', account.grantedScopes).length) return own;
  const hit = hoursCache.get(account.id);
  if (hit && Date.now() - hit.at < TTL_MS) return hit.hours ?? own;
  let hours: OfferedHours | null = null;
  try {
    const s = await deps.integration.graph.get<MailboxSettings>(account.id, '/me/mailboxSettings?$select=workingHours');
    const wh = s.workingHours;
    const zone = ianaZone(wh?.timeZone?.name ?? undefined);
    const from = wh?.startTime?.slice(0, 5);
    const to = wh?.endTime?.slice(0, 5);
    if (wh && zone && from && to && to > from) {
      const weekly: WeeklyHours = {};
      for (const d of wh.daysOfWeek ?? []) if (DAY_NAMES[d]) weekly[DAY_NAMES[d]] = [[from, to]];
      hours = { weekly, timeZone: zone, source: 'mailbox' };
    }
  } catch (err) {
    deps.integration.log.info({ err, accountId: account.id }, 'working hours unavailable; the page hours are offered');
  }
  hoursCache.set(account.id, { at: Date.now(), hours });
  return hours ?? own;
}

/**
 * Everything that makes the owner busy in [from, to): the synced Outlook calendar (free/busy only)
 * and meetings scheduled in the CRM. Bookings are apart: they carry the page's buffers.
 */
export async function ownerBusy(deps: SchedulingDeps, page: SchedulingPage & { workspaceId: string }, account: MicrosoftAccount | undefined, from: string, to: string, exceptMeetingId?: string): Promise<Busy[]> {
  const db = deps.integration.database.db;
  const meetings = (await meetingsOfOwner(db, page.workspaceId, page.ownerUserId, from, to))
    .filter((m) => m.id !== exceptMeetingId)
    .map((m) => ({ start: Date.parse(m.start), end: Date.parse(m.end) }));
  const outlook = account && calendarGranted(account) ? await syncedBusy(db, account.id, from, to, exceptMeetingId) : [];
  return [...outlook, ...meetings];
}

export interface SlotsAnswer {
  duration: number;
  /** Free start times, ISO UTC. */
  slots: string[];
}

/** Free slots of a page for one duration within [from, to). */
export async function pageSlots(deps: SchedulingDeps, page: SchedulingPage & { workspaceId: string }, account: MicrosoftAccount | undefined, q: { from: number; to: number; duration: number; exceptBookingId?: string; exceptMeetingId?: string }): Promise<SlotsAnswer> {
  const fromIso = new Date(q.from - 86_400_000).toISOString();
  const toIso = new Date(q.to + 86_400_000).toISOString();
  const hours = await offeredHours(deps, page, account);
  const [busy, booked] = await Promise.all([
    ownerBusy(deps, page, account, fromIso, toIso, q.exceptMeetingId),
    liveBookings(deps.integration.database.db, page.ownerUserId, fromIso, toIso, q.exceptBookingId),
  ]);
  const starts = freeSlots({ page: { ...page, timeZone: hours.timeZone }, weekly: hours.weekly, duration: q.duration, busy, booked, now: Date.now(), from: q.from, to: q.to });
  return { duration: q.duration, slots: starts.map((s) => new Date(s).toISOString()) };
}
