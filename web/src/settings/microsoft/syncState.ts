/** How a resource's sync health reads in words, shared by the health table and the feature list. */
import type { ResourceHealth } from './api.js';

export const RESOURCE_LABEL: Record<string, string> = { mail: 'Mail', calendar: 'Calendar', contacts: 'Contacts', todo: 'To Do', files: 'Files' };

const STATE_LABEL: Record<ResourceHealth['state'], string> = {
  initial: 'Initial sync',
  live: 'Live',
  polling: 'Polling',
  needs_reconnect: 'Needs reconnect',
  error: 'Error',
};

export function stateText(h: ResourceHealth): string {
  if (h.state !== 'initial') return STATE_LABEL[h.state] ?? h.state;
  const counts = h.itemsTotal !== null ? ` (${h.itemsSynced} / ${h.itemsTotal})` : ` (${h.itemsSynced} so far)`;
  return `${STATE_LABEL.initial} ${h.percent ?? 0}%${counts}`;
}
