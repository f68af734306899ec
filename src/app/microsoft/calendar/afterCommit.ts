import type { CalendarDeps } from './deps.js';
import { publishCalendarChanged } from './deps.js';
import { syncEngineOf } from '../sync/install.js';
import { enqueueWriteBack } from '../sync/writeBackJob.js';

/**
 * After the CRM change and its outbox entry committed: send it to Outlook (the engine's job) and
 * tell the user's pages. Never from inside the transaction: a rollback must leave nothing sent.
 */
export async function afterCommit(deps: CalendarDeps, accountId: string | null, userId: string, ids: string[], activityIds: string[]): Promise<void> {
  const engine = syncEngineOf(deps.integration);
  if (engine && accountId) {
    try {
      await enqueueWriteBack(engine, { accountId, resource: 'calendar' });
    } catch (err) {
      // The entry is durable: the engine's tick finds due entries and sends them.
      deps.integration.log.warn({ err, accountId }, 'calendar write-back not enqueued; the tick will send it');
    }
  }
  await publishCalendarChanged(deps, userId, { ids, activityIds });
}
