import type { DisconnectStep, MicrosoftIntegration } from './integration.js';

export type { DisconnectStep };

export const DISCONNECT_JOB = 'microsoft.disconnect';

export interface DisconnectPayload {
  accountId: string;
}

/** Marks the account disconnecting and queues the steps; Microsoft 365 data is never touched. */
export async function requestDisconnect(integration: MicrosoftIntegration, userId: string): Promise<'queued' | 'not_connected'> {
  const account = await integration.accounts.byUser(userId);
  if (!account) return 'not_connected';
  await integration.disconnectReceipts.start(account);
  await integration.accounts.setStatus(account.id, 'disconnecting', null);
  await integration.queue.enqueue<DisconnectPayload>(DISCONNECT_JOB, { accountId: account.id }, { key: account.id, maxAttempts: 20 });
  await publishStatus(integration, account.userId, 'disconnecting');
  return 'queued';
}

export async function runDisconnect(integration: MicrosoftIntegration, payload: DisconnectPayload): Promise<void> {
  const account = await integration.accounts.byId(payload.accountId);
  // Gone already: an earlier run finished (the last step deletes the row).
  if (!account) return;
  if (account.status !== 'disconnecting') return;
  for (const step of [...integration.disconnectSteps, ...finalSteps(integration)]) {
    try {
      await step.run(account);
    } catch (err) {
      integration.log.warn({ err, step: step.name, accountId: account.id }, 'disconnect step failed; the job will retry');
      throw err;
    }
  }
  await publishStatus(integration, account.userId, 'not_connected');
}

/** CONNECT's own cleanup, always last because earlier steps may still need the tokens. */
function finalSteps(integration: MicrosoftIntegration): DisconnectStep[] {
  const db = integration.database.db;
  return [{
    name: 'delete tokens, sign-ins, counters, sync states and the account',
    async run(account) {
      await integration.tokenCache.delete(integration.cacheKeyFor(account));
      await integration.signIns.deleteForUser(account.userId);
      await db.deleteFrom('microsoft_counters').where('account_id', '=', account.id).execute();
      await db.deleteFrom('microsoft_sync_states').where('account_id', '=', account.id).execute();
      await db.deleteFrom('microsoft_pending_changes').where('account_id', '=', account.id).execute();
      await db.deleteFrom('microsoft_subscriptions').where('account_id', '=', account.id).execute();
      await db.deleteFrom('microsoft_links').where('account_id', '=', account.id).execute();
      await db.deleteFrom('microsoft_outbox').where('account_id', '=', account.id).execute();
      integration.forgetAccount(account.id);
      // Before the account row: a crash between the two re-runs every step, which then count nothing.
      await integration.disconnectReceipts.finish(account.userId);
      await integration.accounts.delete(account.id);
    },
  }];
}

async function publishStatus(integration: MicrosoftIntegration, userId: string, status: string): Promise<void> {
  try {
    await integration.live.publish({ type: 'microsoft.status', userId, data: { status } });
  } catch (err) {
    integration.log.warn({ err }, 'live event publish failed');
  }
}
