import type { MicrosoftIntegration } from '../integration.js';
import type { BodyCache } from '../../../microsoft/mail/bodyCache.js';
import type { OutOfOfficeLookup } from '../../../microsoft/mail/mailTips.js';
import { fromMicrosoftError, type ActionRefusals } from './errors.js';

/** What the inbox use cases share: the integration plus this process's caches. */
export interface InboxDeps {
  integration: MicrosoftIntegration;
  bodies: BodyCache;
  outOfOffice: OutOfOfficeLookup;
}

/** Tells the owner's open pages to refresh; a failed publish only costs a live refresh. */
export async function publishMailChanged(deps: InboxDeps, userId: string, data: Record<string, unknown>): Promise<void> {
  try {
    // Shaped as liveEventSchemas.ts documents mail.changed, whatever the caller passes.
    await deps.integration.live.publish({ type: 'mail.changed', userId, data: { folderIds: [], ids: [], ...data } });
  } catch (err) {
    deps.integration.log.warn({ err }, 'live event publish failed');
  }
}

/**
 * Runs a Graph call, turning Microsoft failures into the inbox's closed set of refusals;
 * `refusals` say what this action means by a Graph 400 or 403.
 */
export async function viaGraph<T>(work: () => Promise<T>, refusals?: ActionRefusals): Promise<T> {
  try {
    return await work();
  } catch (err) {
    throw fromMicrosoftError(err, refusals) ?? err;
  }
}
