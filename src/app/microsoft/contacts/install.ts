import { onPersonChanged } from '../../../crm/personChanges.js';
import type { Db } from '../../../db/database.js';
import { recordPersonChange } from '../../../microsoft/sync/contacts/personWrites.js';
import type { MicrosoftIntegration } from '../integration.js';
import { syncEngineOf } from '../sync/install.js';
import { enqueueWriteBack } from '../sync/writeBackJob.js';

/**
 * CRM people → Outlook contacts: every change to a person records its outbox entries in the
 * change's transaction, and once it committed the engine's write-back is queued for the accounts
 * concerned. A failed enqueue loses nothing: the engine's tick sends due entries.
 */
export function installContacts(integration: MicrosoftIntegration): void {
  const db: Db = integration.database.db;
  onPersonChanged('outlook-contacts', {
    inTransaction: async (trx, change) => void (await recordPersonChange(trx, change)),
    async afterCommit(change) {
      const engine = syncEngineOf(integration);
      if (!engine) return;
      const rows = await db.selectFrom('microsoft_outbox').select('account_id').distinct().where('resource', '=', 'contacts')
        .where('record_id', '=', change.personId).where('state', '=', 'pending').execute();
      for (const r of rows) {
        await enqueueWriteBack(engine, { accountId: r.account_id, resource: 'contacts' })
          .catch((err: unknown) => integration.log.warn({ err, accountId: r.account_id }, 'contacts write-back not enqueued; the tick will send it'));
      }
    },
  });
}
