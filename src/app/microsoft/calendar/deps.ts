import type { MicrosoftIntegration } from '../integration.js';
import type { TeamsGate } from './teams.js';

export interface CalendarDeps {
  integration: MicrosoftIntegration;
  teams: TeamsGate;
}

/** Tells the user's open pages to refresh; a failed publish only costs a live refresh. */
export async function publishCalendarChanged(deps: CalendarDeps, userId: string, data: { ids: string[]; activityIds: string[] }): Promise<void> {
  try {
    await deps.integration.live.publish({ type: 'calendar.changed', userId, data });
  } catch (err) {
    deps.integration.log.warn({ err }, 'live event publish failed');
  }
}
