import { invalid } from '../../crm/errors.js';
import type { PageInput, SchedulingPage } from '../../crm/scheduling/page.js';
import { createPage, getPage, updatePage } from '../../crm/scheduling/pages.js';
import { missingScopes } from '../../microsoft/catalogue.js';
import type { Caller } from '../microsoft/calendar/access.js';
import type { SchedulingDeps } from './deps.js';

export interface PageView extends SchedulingPage {
  /** The public address guests book at. */
  publicUrl: string;
}

export const pageView = (deps: SchedulingDeps, p: SchedulingPage): PageView => ({ ...p, publicUrl: `${deps.integration.config.publicUrl}/book/${p.slug}` });

export interface SchedulingOptions {
  teams: { available: boolean; reason: string | null };
  workingHours: { available: boolean; reason: string | null };
}

/** What a page may offer this owner, and why not, in words the owner can act on. */
export async function schedulingOptions(deps: SchedulingDeps, caller: Caller): Promise<SchedulingOptions> {
  const account = await deps.integration.accounts.byUser(caller.userId);
  const teams = await deps.calendar.teams.check(account && account.status !== 'disconnecting' ? account : undefined);
  const hoursGranted = !!account && missingScopes('mailboxSettings', account.grantedScopes).length === 0;
  return {
    teams,
    workingHours: hoursGranted
      ? { available: true, reason: null }
      : { available: false, reason: 'Using your Outlook working hours needs Mailbox settings: enable it in Settings → Integrations → Microsoft 365. Until then, set the hours on the page.' },
  };
}

async function checkOffer(deps: SchedulingDeps, caller: Caller, input: PageInput): Promise<void> {
  if (input.location?.kind !== 'teams' && input.availability?.source !== 'mailbox') return;
  const options = await schedulingOptions(deps, caller);
  if (input.location?.kind === 'teams' && !options.teams.available) throw invalid('location', `Microsoft Teams is not available: ${options.teams.reason}`);
  if (input.availability?.source === 'mailbox' && !options.workingHours.available) throw invalid('availability.source', options.workingHours.reason!);
}

export async function createOwnerPage(deps: SchedulingDeps, caller: Caller, input: PageInput & { slug: string; title: string }): Promise<PageView> {
  await checkOffer(deps, caller, { location: input.location ?? { kind: 'teams' }, ...(input.availability ? { availability: input.availability } : {}) });
  return pageView(deps, await createPage(deps.integration.database.db, caller.workspaceId, caller.userId, input));
}

export async function updateOwnerPage(deps: SchedulingDeps, caller: Caller, id: string, patch: PageInput): Promise<PageView> {
  const db = deps.integration.database.db;
  const current = await getPage(db, caller.workspaceId, caller.userId, id);
  // Only a change to Teams (or to Outlook hours) is checked: an existing Teams page stays editable.
  if (patch.location?.kind === 'teams' && current.location.kind !== 'teams') await checkOffer(deps, caller, { location: patch.location });
  if (patch.availability?.source === 'mailbox' && current.availability.source !== 'mailbox') await checkOffer(deps, caller, { availability: patch.availability });
  return pageView(deps, await updatePage(db, caller.workspaceId, caller.userId, id, patch));
}
