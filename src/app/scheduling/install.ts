import type { CalendarDeps } from '../microsoft/calendar/deps.js';
import type { MicrosoftIntegration } from '../microsoft/integration.js';
import { CONFIRM_JOB, runConfirm, type ConfirmPayload } from './confirmJob.js';
import type { SchedulingDeps } from './deps.js';

const installed = new WeakMap<MicrosoftIntegration, SchedulingDeps>();

export function schedulingOf(integration: MicrosoftIntegration): SchedulingDeps | undefined {
  return installed.get(integration);
}

/** Installs scheduling pages and bookings (served by src/http/routes/scheduling) and the confirm job. */
export function installScheduling(integration: MicrosoftIntegration, calendar: CalendarDeps, options: { answerWithinMs?: number } = {}): SchedulingDeps {
  const deps: SchedulingDeps = { integration, calendar, answerWithinMs: options.answerWithinMs ?? 10_000 };
  integration.jobs[CONFIRM_JOB] = { handler: (p: ConfirmPayload) => runConfirm(deps, p), concurrency: 4 };
  installed.set(integration, deps);
  return deps;
}
