import { listPeople } from '../../../crm/people.js';
import { isMicrosoftError } from '../../../microsoft/graph/errors.js';
import type { OutOfOffice } from '../../../microsoft/mail/mailTips.js';
import { mergeSuggestions, searchGraphPeople, MAX_SUGGESTIONS, type Suggestion } from '../../../microsoft/mail/peopleSuggestions.js';
import { viaGraph, type InboxDeps } from './deps.js';
import { rejectedByMicrosoft } from './errors.js';
import { hasFeature, requireMailbox, type Caller } from './mailbox.js';

/**
 * Recipient autocomplete: CRM people of the caller's workspace first, then the user's own
 * relevance-ranked /me/people (when People.Read was granted). A failing People call degrades to
 * CRM-only suggestions rather than an error while typing.
 */
export async function suggestRecipients(deps: InboxDeps, caller: Caller, q: string): Promise<Suggestion[]> {
  const { integration } = deps;
  const account = await requireMailbox(integration.accounts, caller, []);
  const people = await listPeople(integration.database.db, caller.workspaceId, { q, limit: MAX_SUGGESTIONS });
  const lower = q.toLowerCase();
  const crm: Suggestion[] = [];
  for (const p of people.items) {
    // A person matched by name offers all addresses; matched by address, the matching ones first.
    const emails = [...p.emails].sort((a, b) => Number(b.includes(lower)) - Number(a.includes(lower)));
    for (const address of emails) crm.push({ name: p.name, address, source: 'crm', personId: p.id });
  }
  let graph: Suggestion[] = [];
  if (hasFeature(account, 'people')) {
    try {
      graph = await searchGraphPeople(integration.graph, account.id, q);
    } catch (err) {
      if (!isMicrosoftError(err)) throw err;
      integration.log.warn({ kind: err.kind, accountId: account.id }, 'people search failed; CRM suggestions only');
    }
  }
  return mergeSuggestions(crm, graph);
}

/** getMailTips for up to 20 addresses, cached per address; outside the tenant reads as not out of office. */
export async function outOfOffice(deps: InboxDeps, caller: Caller, addresses: string[]): Promise<OutOfOffice[]> {
  const account = await requireMailbox(deps.integration.accounts, caller, ['mail']);
  return viaGraph(() => deps.outOfOffice.lookup(account.id, addresses), {
    badRequest: rejectedByMicrosoft('Microsoft 365 did not accept the out-of-office lookup for these addresses, so no out-of-office status is shown. Check the addresses and try again.'),
  });
}
