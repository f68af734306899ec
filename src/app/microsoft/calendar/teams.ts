import type { Calendar } from '@microsoft/microsoft-graph-types';
import type { MicrosoftAccount } from '../../../microsoft/accounts/accounts.js';
import type { GraphClient } from '../../../microsoft/graph/client.js';
import { calendarGranted } from './access.js';

export interface TeamsAnswer {
  available: boolean;
  /** Why not, in words the user can act on; null when available. */
  reason: string | null;
}

const TTL_MS = 5 * 60_000;

/**
 * Whether the user may create Teams meetings: Calendars.ReadWrite granted and the calendar's
 * allowedOnlineMeetingProviders naming teamsForBusiness (personal accounts and some tenants cannot;
 * Graph silently ignores a provider the calendar does not allow, so Tandem must ask first).
 * Cached per account for a few minutes; a failed check is not cached.
 */
export class TeamsGate {
  private readonly cache = new Map<string, { at: number; answer: TeamsAnswer }>();

  constructor(private readonly graph: GraphClient, private readonly ttlMs = TTL_MS) {}

  async check(account: MicrosoftAccount | undefined): Promise<TeamsAnswer> {
    if (!account || !calendarGranted(account)) {
      return { available: false, reason: 'Teams meetings need the Calendar permission: enable Calendar in Settings → Integrations → Microsoft 365.' };
    }
    const hit = this.cache.get(account.id);
    if (hit && Date.now() - hit.at < this.ttlMs) return hit.answer;
    let cal: Calendar;
    try {
      cal = await this.graph.get<Calendar>(account.id, '/me/calendar?$select=allowedOnlineMeetingProviders,defaultOnlineMeetingProvider');
    } catch {
      return { available: false, reason: 'Tandem could not ask Microsoft 365 whether your calendar allows Teams meetings. Try again in a moment.' };
    }
    const allowed = (cal.allowedOnlineMeetingProviders ?? []) as string[];
    const answer: TeamsAnswer = allowed.includes('teamsForBusiness')
      ? { available: true, reason: null }
      : { available: false, reason: `Your Outlook calendar does not allow Teams meetings (it allows: ${allowed.length ? allowed.join(', ') : 'none'}). Personal Microsoft accounts and some organizations cannot host them.` };
    this.cache.set(account.id, { at: Date.now(), answer });
    return answer;
  }

  forget(accountId: string): void {
    this.cache.delete(accountId);
  }
}
