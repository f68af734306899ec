import type { PageLocation } from '../../crm/scheduling/page.js';

/** A page's location in words, for the event, the email and the invite. */
export function locationText(l: PageLocation): string {
  return l.kind === 'teams' ? 'Microsoft Teams meeting' : l.kind === 'inPerson' ? l.address : `Phone: ${l.phone}`;
}
