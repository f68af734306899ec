import { getPerson } from '../../../crm/people.js';
import type { LiveEvent } from '../../../events/liveEvents.js';
import type { PageResult, SyncContext, SyncScope } from '../contract.js';
import { companiesSynced } from '../companiesSynced.js';
import { changedPeople, type PeopleChanged } from './applyContacts.js';

const MAX_IDS = 200;

/**
 * People changed by Outlook contacts reach the workspace's open pages (people are workspace
 * records): one person (the usual case, an edit in Outlook) as person.updated, person.created or
 * person.deleted with the person; several as people.synced with their ids. People whose timeline
 * got a note (a conflict, a contact deleted while they stay) count as updated. A page that changed
 * nobody (an echo, an unchanged version) publishes nothing.
 */
export async function peopleLiveEvent(ctx: SyncContext, _scope: SyncScope, page: PageResult): Promise<LiveEvent[]> {
  const { companies = [], ...people } = changedPeople.get(page) ?? { updated: [], created: [] };
  // Companies first: a page showing a new person's company by name must know the company.
  const made = companies.length ? [companiesSynced(ctx.account.workspaceId, companies)] : [];
  const event = await peopleEvent(ctx, page, people);
  return event ? [...made, event] : made;
}

async function peopleEvent(ctx: SyncContext, page: PageResult, { updated, created }: PeopleChanged): Promise<LiveEvent | null> {
  const workspaceId = ctx.account.workspaceId;
  const all = [...new Set([...updated, ...created, ...page.removed])];
  if (!all.length) return null;
  if (all.length > 1) return { type: 'people.synced', workspaceId, data: { ids: all.slice(0, MAX_IDS), truncated: all.length > MAX_IDS } };
  const id = all[0]!;
  if (page.removed.includes(id)) return { type: 'person.deleted', workspaceId, data: { id } };
  const person = await getPerson(ctx.db, workspaceId, id).catch(() => null);
  if (!person) return null;
  return { type: created.includes(id) ? 'person.created' : 'person.updated', workspaceId, data: person };
}
