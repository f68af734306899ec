import type { Message } from '@microsoft/microsoft-graph-types';
import { upsertGraphMessage } from '../../src/microsoft/mail/emailRows.js';
import { control, type TestSandbox } from '../helpers/sandbox.js';
import type { MicrosoftTestEnv } from '../helpers/microsoft.js';
import { waitFor } from '../helpers/wait.js';

/** A message in the user's mailbox as Graph lists it (immutable ids), found by its unique subject. */
export async function graphMessage(env: MicrosoftTestEnv, accountId: string, folder: string, subject: string): Promise<Message> {
  return waitFor(async () => {
    const res = await env.integration.graph.get<{ value: Message[] }>(accountId, `/me/mailFolders/${folder}/messages?$top=100&$select=id,subject,isRead,parentFolderId,isDraft`);
    return res.value.find((m) => m.subject === subject);
  }, { message: `message "${subject}" in ${folder}` });
}

/**
 * Delivers a message and makes sure its metadata row exists. The row is written the way the sync
 * writes it (upsert by account and immutable id), so this converges with SYNC when it runs too.
 */
export async function deliverAndStore(env: MicrosoftTestEnv, sb: TestSandbox, o: { accountId: string; mailbox: string; subject: string; body: string; from?: string }): Promise<string> {
  await control(sb, 'POST', '/control/mail/deliver', { mailbox: o.mailbox, from: { name: 'Sender', address: o.from ?? 'sender@outside.test' }, subject: o.subject, body: o.body });
  const m = await graphMessage(env, o.accountId, 'inbox', o.subject);
  const full = await env.integration.graph.get<Message>(
    o.accountId, `/me/messages/${m.id!}?$select=id,parentFolderId,subject,from,toRecipients,bodyPreview,receivedDateTime,isRead,isDraft`,
  );
  const account = (await env.integration.accounts.byId(o.accountId))!;
  return upsertGraphMessage(env.database.db, { accountId: account.id, userId: account.userId, workspaceId: account.workspaceId }, full);
}

/** Folder rows as the sync keeps them (the folders endpoint reads this table). */
export async function storeFolders(env: MicrosoftTestEnv, accountId: string): Promise<void> {
  const res = await env.integration.graph.get<{ value: Array<{ id: string; displayName: string; unreadItemCount?: number; totalItemCount?: number }> }>(accountId, '/me/mailFolders?$top=50');
  const inbox = await env.integration.graph.get<{ id: string }>(accountId, '/me/mailFolders/inbox');
  for (const f of res.value) {
    await env.database.db.insertInto('mail_folders').values({
      id: `f${Math.random().toString(36).slice(2, 12)}`, account_id: accountId, graph_id: f.id, parent_graph_id: null, display_name: f.displayName,
      well_known: f.id === inbox.id ? 'inbox' : null, unread_count: f.unreadItemCount ?? 0, total_count: f.totalItemCount ?? 0,
    }).onConflict((oc) => oc.columns(['account_id', 'graph_id']).doNothing()).execute();
  }
}

export async function graphCalls(sb: TestSandbox, endpoint: string): Promise<number> {
  const stats = await control<{ callsByEndpoint: Record<string, number> }>(sb, 'GET', '/control/mail/stats');
  return stats.callsByEndpoint[endpoint] ?? 0;
}
