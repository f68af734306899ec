import type { MicrosoftAccount } from '../../../microsoft/accounts/accounts.js';
import { deleteSyncedMail } from '../../../microsoft/sync/mail/store.js';
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

async function deleteMailRows(deps: InboxDeps, account: MicrosoftAccount): Promise<void> {
  await deps.integration.database.db.transaction().execute((trx) => deleteSyncedMail(trx, account));
}

/** Both steps are idempotent: the disconnect job may run them again after a crash. */
export function mailDisconnectSteps(deps: InboxDeps): DisconnectStep[] {
  return [
    {
      name: 'purge cached mail bodies in every process',
      async run(account) {
        purgeLocal(deps, account.id);
        await deps.integration.live.publish({ type: BODY_CACHE_PURGE_EVENT, data: { accountId: account.id } });
      },
    },
    { name: 'delete synced mail, folders and email timeline entries', run: (account) => deleteMailRows(deps, account) },
  ];
}
