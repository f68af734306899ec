import type { DisconnectStep } from '../disconnect.js';
import type { InboxDeps } from './deps.js';

/** Live event with no user or workspace: it reaches no page, only every process's subscribers. */
export const BODY_CACHE_PURGE_EVENT = 'internal.bodyCache.purge';

/** Drops the account's bodies and out-of-office answers in this process. */
export function purgeLocal(deps: InboxDeps, accountId: string): void {
  deps.bodies.purgeAccount(accountId);
  deps.outOfOffice.purgeAccount(accountId);
}

/** Every process (web and worker, any machine) drops the account's bodies; the publisher too. */
export function subscribeToPurges(deps: InboxDeps): () => void {
  return deps.integration.live.subscribe((event) => {
    if (event.type !== BODY_CACHE_PURGE_EVENT || event.userId || event.workspaceId) return;
    const accountId = (event.data as { accountId?: unknown } | null)?.accountId;
    if (typeof accountId === 'string') purgeLocal(deps, accountId);
  });
}

/**
 * Idempotent: the disconnect job may run it again after a crash. The synced mail rows themselves go
 * with the sync engine's purge of the mail resource (sync/disconnect.ts), which counts them.
 */
export function mailDisconnectSteps(deps: InboxDeps): DisconnectStep[] {
  return [
    {
      name: 'purge cached mail bodies in every process',
      async run(account) {
        purgeLocal(deps, account.id);
        await deps.integration.live.publish({ type: BODY_CACHE_PURGE_EVENT, data: { accountId: account.id } });
      },
    },
  ];
}
