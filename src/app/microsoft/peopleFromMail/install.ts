import { getPerson } from '../../../crm/people.js';
import { onPersonChanged } from '../../../crm/personChanges.js';
import { registerPersonOrigin } from '../../../crm/personOrigins.js';
import { companiesSynced } from '../../../microsoft/sync/companiesSynced.js';
import { createPeopleFromMail } from '../../../microsoft/sync/mail/people/createFromMail.js';
import { mailOriginLabels, originDeleted, originEdited, purgeMailPeople } from '../../../microsoft/sync/mail/people/origins.js';
import type { MicrosoftIntegration } from '../integration.js';
import { syncEngineOf } from '../sync/install.js';
import { enqueuePeopleFromMail, PEOPLE_FROM_MAIL_JOB, type PeopleFromMailPayload } from './job.js';

const MAX_IDS = 200;
/** How soon a run that found the mailbox importing looks again (the import's last page also queues one). */
const IMPORT_RECHECK_MS = 2_000;

/** As the contacts sync does: one new person as person.created with the person, several as people.synced with their ids. */
async function announce(integration: MicrosoftIntegration, workspaceId: string, ids: string[], companies: string[]): Promise<void> {
  try {
    if (companies.length) await integration.live.publish(companiesSynced(workspaceId, companies));
    const event = ids.length > 1
      ? { type: 'people.synced', workspaceId, data: { ids: ids.slice(0, MAX_IDS), truncated: ids.length > MAX_IDS } }
      : { type: 'person.created', workspaceId, data: await getPerson(integration.database.db, workspaceId, ids[0]!) };
    await integration.live.publish(event);
  } catch (err) {
    // The people are committed; an open page sees them on its next load.
    integration.log.warn({ err }, 'people from mail: live event not published');
  }
}

/**
 * People from mail: every committed page of synced mail queues the mailbox's people-from-mail job
 * (after commit, so the delta page's transaction does no extra work); the job makes the people the
 * workspace's setting asks for. A user's edit makes such a person the CRM's own; a disconnect
 * removes the people the mailbox made who have nothing else. Their label reaches the person API
 * through the CRM's origin registry.
 */
export function installPeopleFromMail(integration: MicrosoftIntegration): void {
  const db = integration.database.db;
  const mail = syncEngineOf(integration)?.manifests.get('mail');
  if (!mail) return;
  mail.committed = async (ctx, _scope, page) => {
    if (page.upserted.length) await enqueuePeopleFromMail(integration, ctx.account.id);
  };
  // A reconnect, or mail synced by a version without this job: whatever is still unscanned is taken.
  integration.onConnected.push((account) => enqueuePeopleFromMail(integration, account.id));

  integration.jobs[PEOPLE_FROM_MAIL_JOB] = {
    handler: (async (p: PeopleFromMailPayload, job: { signal: AbortSignal }) => {
      const run = await createPeopleFromMail(db, p.accountId, job.signal);
      if (run.importing) await enqueuePeopleFromMail(integration, p.accountId, IMPORT_RECHECK_MS);
      if (!run.created.length) return;
      const account = await integration.accounts.byId(p.accountId);
      if (account) await announce(integration, account.workspaceId, run.created, run.companies);
    }) as never,
    concurrency: 2,
  };

  onPersonChanged('people-from-mail', {
    async inTransaction(trx, change) {
      if (change.op === 'delete') await originDeleted(trx, change.personId, !!change.userId);
      else if (change.op === 'update' && change.userId) await originEdited(trx, change.personId);
    },
  });
  registerPersonOrigin('mail', mailOriginLabels);

  integration.disconnectSteps.push({
    name: 'people from mail: delete the people only this mailbox made, keep the others as the CRM\'s own',
    run: (account) => db.transaction().execute(async (trx) => {
      // Counted in the transaction that deletes them: a retried step counts only what is left.
      const count = await purgeMailPeople(trx, account);
      await integration.disconnectReceipts.add(trx, account.userId, 'people-from-mail', { count, one: 'person made from your mail', other: 'people made from your mail' });
    }),
  });
}
