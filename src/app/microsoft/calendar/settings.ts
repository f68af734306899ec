import type { MailboxSettings } from '@microsoft/microsoft-graph-types';
import { missingScopes } from '../../../microsoft/catalogue.js';
import { ianaZone } from '../../../microsoft/sync/calendar/zones.js';
import { accountOf, calendarGranted, type Caller } from './access.js';
import type { CalendarDeps } from './deps.js';

export interface CalendarSettings {
  granted: boolean;
  teamsAvailable: boolean;
  teamsReason: string | null;
  /** IANA zone of the mailbox when MailboxSettings.Read is granted; null: the browser's zone is used. */
  timeZone: string | null;
}

export async function calendarSettings(deps: CalendarDeps, caller: Caller): Promise<CalendarSettings> {
  const account = await accountOf(deps.integration, caller);
  const teams = await deps.teams.check(account);
  let timeZone: string | null = null;
  if (account && missingScopes('mailboxSettings', account.grantedScopes).length === 0) {
    try {
      const s = await deps.integration.graph.get<MailboxSettings>(account.id, '/me/mailboxSettings?$select=timeZone');
      // Outlook usually names Windows zones; the browser needs IANA.
      timeZone = ianaZone(s.timeZone);
    } catch (err) {
      deps.integration.log.info({ err }, 'mailbox time zone unavailable; the browser zone is used');
    }
  }
  return { granted: calendarGranted(account), teamsAvailable: teams.available, teamsReason: teams.reason, timeZone };
}
