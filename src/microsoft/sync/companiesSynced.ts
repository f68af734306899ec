import type { LiveEvent } from '../../events/liveEvents.js';

const MAX_IDS = 200;

/**
 * Companies a sync made for the people it made (Outlook contacts' companyName, people from mail's
 * email domain): published before the people, so a page naming a person's company knows it.
 */
export function companiesSynced(workspaceId: string, ids: string[]): LiveEvent {
  return { type: 'companies.synced', workspaceId, data: { ids: ids.slice(0, MAX_IDS), truncated: ids.length > MAX_IDS } };
}
