import type { MailboxSettings } from '@microsoft/microsoft-graph-types';
import type { SyncContext } from '../contract.js';

const zones = new Map<string, string>();

/**
 * The zone a due date is written in: the mailbox's own (what To Do shows the user), else UTC when
 * Tandem may not read mailbox settings. Any name Graph gave back is accepted by Graph again
 * (Windows or IANA). Remembered per account: a change of zone only moves new due dates.
 */
export async function dueZone(ctx: SyncContext): Promise<string> {
  const cached = zones.get(ctx.account.id);
  if (cached) return cached;
  let zone = 'UTC';
  try {
    zone = (await ctx.graph.get<MailboxSettings>(ctx.account.id, '/me/mailboxSettings?$select=timeZone')).timeZone || 'UTC';
  } catch {
    // Not granted (MailboxSettings.Read is another feature) or unreadable: UTC reads back the same day.
  }
  zones.set(ctx.account.id, zone);
  return zone;
}

/**
 * The calendar day of a due date read in UTC. To Do keeps a due date as midnight in some zone;
 * that instant lies within 12 hours of the day's UTC midnight for every zone from UTC−11 to
 * UTC+12, so the nearest UTC midnight names the day whatever zone wrote it.
 */
export function dueDay(utcDateTime: string): string {
  const ms = Date.parse(`${utcDateTime.replace(/Z$/, '').slice(0, 23)}Z`);
  return new Date(ms + 12 * 3_600_000).toISOString().slice(0, 10);
}
