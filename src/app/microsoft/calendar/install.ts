import type { MicrosoftIntegration } from '../integration.js';
import type { CalendarDeps } from './deps.js';
import { TeamsGate } from './teams.js';

const installed = new WeakMap<MicrosoftIntegration, CalendarDeps>();

export function calendarOf(integration: MicrosoftIntegration): CalendarDeps | undefined {
  return installed.get(integration);
}

/** Installs the calendar's use cases (served by src/http/routes/calendar). */
export function installCalendar(integration: MicrosoftIntegration): CalendarDeps {
  const deps: CalendarDeps = { integration, teams: new TeamsGate(integration.graph) };
  installed.set(integration, deps);
  return deps;
}
