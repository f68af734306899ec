import type { MicrosoftIntegration } from '../integration.js';

export const PEOPLE_FROM_MAIL_JOB = 'microsoft.peopleFromMail';

export interface PeopleFromMailPayload {
  accountId: string;
}

/** One queued run per mailbox: a burst of pages (an initial sync) shares it; one queued mid-run runs after. */
export async function enqueuePeopleFromMail(integration: MicrosoftIntegration, accountId: string, delayMs = 0): Promise<void> {
  await integration.queue.enqueue<PeopleFromMailPayload>(PEOPLE_FROM_MAIL_JOB, { accountId }, {
    key: `people-from-mail:${accountId}`, maxAttempts: 10, ...(delayMs ? { runAt: Date.now() + delayMs } : {}),
  });
}

/** The workspace's setting now lets more through: every mailbox of the workspace looks at its mail again. */
export async function rescanWorkspace(integration: MicrosoftIntegration, workspaceId: string): Promise<void> {
  const db = integration.database.db;
  await db.updateTable('emails').set({ people_scanned: 0 }).where('workspace_id', '=', workspaceId).where('people_scanned', '=', 1).execute();
  const accounts = await db.selectFrom('microsoft_accounts').select('id').where('workspace_id', '=', workspaceId).where('status', '=', 'active').execute();
  for (const a of accounts) await enqueuePeopleFromMail(integration, a.id);
}
