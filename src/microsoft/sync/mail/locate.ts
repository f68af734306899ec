import type { Db } from '../../../db/database.js';
import type { SyncContext } from '../contract.js';

/**
 * SQLite's driver is synchronous: awaiting its results continues in microtasks, so a loop of
 * statements never lets socket callbacks run. A setImmediate turn between chunks does.
 */
const yieldToIo = () => new Promise<void>((resolve) => setImmediate(resolve));

/** graph id → folder for the ids this account already has. */
export async function knownFolders(db: Db, accountId: string, ids: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (let i = 0; i < ids.length; i += 500) {
    if (i) await yieldToIo();
    const rows = await db.selectFrom('emails').select(['graph_id', 'folder_graph_id']).where('account_id', '=', accountId)
      .where('graph_id', 'in', ids.slice(i, i + 500)).execute();
    for (const r of rows) out.set(r.graph_id, r.folder_graph_id);
  }
  return out;
}

export interface Located {
  folderId: string;
  /** True when the message (by its immutable id) is already stored in that folder. */
  known: boolean;
}

/**
 * Asks Graph where messages are (20 per $batch call). A notification may name a message by an id
 * Tandem does not store (e.g. a regular id); the answer carries the immutable id and its folder.
 * `undecided` is true when Graph did not say for some id (still throttled or failing after the
 * batch's retries; 404 is an answer): only a round over every folder can then be sure.
 */
export async function locateMessages(ctx: SyncContext, ids: string[]): Promise<{ located: Located[]; undecided: boolean }> {
  const results = await ctx.graph.batch(ctx.account.id, ids.map((id, i) => ({ id: String(i), method: 'GET' as const, url: `/me/messages/${encodeURIComponent(id)}?$select=id,parentFolderId` })));
  const found: Array<{ id: string; folderId: string }> = [];
  let undecided = false;
  for (const r of results) {
    const b = r.body as { id?: string; parentFolderId?: string } | undefined;
    if (r.status < 300 && b?.id && b.parentFolderId) found.push({ id: b.id, folderId: b.parentFolderId });
    else if (r.status !== 404) undecided = true;
  }
  const known = await knownFolders(ctx.db, ctx.account.id, found.map((f) => f.id));
  return { located: found.map((f) => ({ folderId: f.folderId, known: known.get(f.id) === f.folderId })), undecided };
}
