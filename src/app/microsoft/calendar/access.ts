import type { MicrosoftAccount } from '../../../microsoft/accounts/accounts.js';
import { feature, missingScopes } from '../../../microsoft/catalogue.js';
import type { MicrosoftIntegration } from '../integration.js';
import { CalendarError } from './errors.js';

export interface Caller {
  userId: string;
  workspaceId: string;
}

export const calendarGranted = (account: MicrosoftAccount | undefined): boolean =>
  !!account && account.status !== 'disconnecting' && missingScopes('calendar', account.grantedScopes).length === 0;

/** The caller's account when it may write to Outlook: 409 not connected, 403 calendar not granted (as the mail API answers). */
export async function requireCalendar(integration: MicrosoftIntegration, caller: Caller): Promise<MicrosoftAccount> {
  const account = await integration.accounts.byUser(caller.userId);
  if (!account || account.status === 'disconnecting') {
    throw new CalendarError(409, 'not_connected', 'Connect Microsoft 365 in Settings → Integrations to schedule meetings in your Outlook calendar.');
  }
  if (!calendarGranted(account)) {
    throw new CalendarError(403, 'feature_not_granted', `Enable ${feature('calendar').title} in Settings → Integrations → Microsoft 365 (or with Enable on the Calendar page) to schedule meetings in Outlook.`);
  }
  return account;
}

/** The caller's account if any (reads work without one: CRM meetings stay listed after a disconnect). */
export async function accountOf(integration: MicrosoftIntegration, caller: Caller): Promise<MicrosoftAccount | undefined> {
  const account = await integration.accounts.byUser(caller.userId);
  return account && account.status !== 'disconnecting' ? account : undefined;
}
