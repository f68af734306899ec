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
  // Without a total (contact folders and To Do lists have no count) a percentage would be made up.
  if (h.itemsTotal === null) return `${STATE_LABEL.initial} (${h.itemsSynced} so far)`;
  return `${STATE_LABEL.initial} ${h.percent ?? 0}% (${h.itemsSynced} / ${h.itemsTotal})`;
}
