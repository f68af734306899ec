import { applyGraphMessage } from '../../../microsoft/mail/emailRows.js';
import { archive, setRead } from '../../../microsoft/mail/mailActions.js';
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
  await publishMailChanged(deps, account.userId, { ids: [row.id], reason: 'read' });
  return messageDetail(db, account.id, row.id);
}

export async function archiveMessage(deps: InboxDeps, caller: Caller, id: string): Promise<MessageDetail> {
  const db = deps.integration.database.db;
  const account = await requireMailbox(deps.integration.accounts, caller);
  const row = await emailRow(db, account.id, id);
  const moved = await viaGraph(() => archive(deps.integration.graph, account.id, row.graph_id));
  if (moved.id && moved.id !== row.graph_id) {
    // Immutable ids keep the id across a move; should Graph still hand back a new one, follow it.
    await db.updateTable('emails').set({ graph_id: moved.id }).where('account_id', '=', account.id).where('id', '=', row.id).execute();
    deps.bodies.delete(account.id, row.graph_id);
  }
  await applyGraphMessage(db, account.id, row.id, moved);
  await publishMailChanged(deps, account.userId, { ids: [row.id], reason: 'archived' });
  return messageDetail(db, account.id, row.id);
}
