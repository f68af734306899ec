import { applyGraphMessage } from '../../../microsoft/mail/emailRows.js';
import { moveMessage, setRead } from '../../../microsoft/mail/mailActions.js';
import { recountFolders } from '../../../microsoft/sync/mail/folderCounts.js';
import { publishMailChanged, viaGraph, type InboxDeps } from './deps.js';
import { requireMailbox, type Caller } from './mailbox.js';
import { emailRow, messageDetail, type MessageDetail } from './queries.js';

/**
 * Write-through: Graph first, then the local row from Graph's answer. Nothing is retried here
 * beyond what the client does for explicit throttling.
 */
export async function markRead(deps: InboxDeps, caller: Caller, id: string, isRead: boolean): Promise<MessageDetail> {
  const db = deps.integration.database.db;
  const account = await requireMailbox(deps.integration.accounts, caller);
  const row = await emailRow(db, account.id, id);
  const answer = await viaGraph(() => setRead(deps.integration.graph, account.id, row.graph_id, isRead));
  await applyGraphMessage(db, account.id, row.id, { ...answer, isRead: answer.isRead ?? isRead });
  await recountFolders(db, account.id, [row.folder_graph_id]);
  await publishMailChanged(deps, account.userId, { ids: [row.id], reason: 'read' });
  return messageDetail(db, account.id, row.id);
}

/** Outlook's Archive: the One-Click Archive folder. */
export const archiveMessage = (deps: InboxDeps, caller: Caller, id: string): Promise<MessageDetail> => moveTo(deps, caller, id, 'archive');

/** Outlook's Delete: to Deleted Items, from where the user can still restore it in Outlook. */
export const deleteMessage = (deps: InboxDeps, caller: Caller, id: string): Promise<MessageDetail> => moveTo(deps, caller, id, 'deleteditems');

async function moveTo(deps: InboxDeps, caller: Caller, id: string, destination: 'archive' | 'deleteditems'): Promise<MessageDetail> {
  const db = deps.integration.database.db;
  const account = await requireMailbox(deps.integration.accounts, caller);
  const row = await emailRow(db, account.id, id);
  const moved = await viaGraph(() => moveMessage(deps.integration.graph, account.id, row.graph_id, destination));
  if (moved.id && moved.id !== row.graph_id) {
    // Immutable ids keep the id across a move; should Graph still hand back a new one, follow it.
    await db.updateTable('emails').set({ graph_id: moved.id }).where('account_id', '=', account.id).where('id', '=', row.id).execute();
    deps.bodies.delete(account.id, row.graph_id);
  }
  await applyGraphMessage(db, account.id, row.id, moved);
  const now = await emailRow(db, account.id, row.id);
  await recountFolders(db, account.id, [row.folder_graph_id, now.folder_graph_id]);
  await publishMailChanged(deps, account.userId, { ids: [row.id], reason: destination === 'archive' ? 'archived' : 'deleted' });
  return messageDetail(db, account.id, row.id);
}
