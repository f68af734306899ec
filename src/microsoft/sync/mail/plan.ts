import type { RunTools } from '../manifest.js';
import { knownFolders, locateMessages } from './locate.js';

/**
 * Which folders a run that follows notifications covers. A notification names a message, not its
 * folder: known messages point at their folder, new mail almost always lands in the Inbox, and a
 * message that left its folder is looked up (one $batch) rather than swept for.
 */
export async function planMailRun(t: RunTools): Promise<void> {
  const { ctx, pending } = t;
  if (!pending.length) return;
  const known = await knownFolders(ctx.db, ctx.account.id, pending.map((p) => p.item_id));
  const unknown = pending.filter((p) => !known.has(p.item_id));
  const targets = new Set([...known.values()]);
  if (unknown.some((p) => p.change_type !== 'deleted')) targets.add(t.scopes().find((sc) => sc.primary)?.key ?? t.scopes()[0]?.key ?? '');
  await t.run(t.scopes().filter((sc) => targets.has(sc.key)));

  // A known message that left its folder in this round was deleted or moved (Outlook or our own
  // archive): asking Graph where it is costs one lookup and keeps a move from looking like a loss.
  const vanished = await stillMissing(t, [...known.keys()]);
  const stillUnknown = [...(await stillMissing(t, unknown.filter((p) => p.change_type !== 'deleted').map((p) => p.item_id))), ...vanished];
  const unknownDeleted = unknown.some((p) => p.change_type === 'deleted');
  const remaining = t.notRun().length;
  if (unknownDeleted || Math.ceil(stillUnknown.length / 20) >= remaining) {
    // An unknown id that was deleted, or more lookups than folders: one round over every folder is cheaper.
    await t.run(t.scopes());
  } else if (stillUnknown.length) {
    const { located, undecided } = await locateMessages(ctx, stillUnknown);
    t.beat();
    const folders = new Set(located.filter((l) => !l.known).map((l) => l.folderId));
    if ([...folders].some((f) => !t.scopes().some((sc) => sc.key === f))) await t.listScopes();
    // A lookup Graph did not answer would otherwise drop its change until the next sweep.
    await t.run(undecided ? t.scopes() : t.scopes().filter((sc) => folders.has(sc.key)));
  }
}

async function stillMissing(t: RunTools, ids: string[]): Promise<string[]> {
  if (!ids.length) return [];
  const known = await knownFolders(t.ctx.db, t.ctx.account.id, ids);
  return ids.filter((id) => !known.has(id));
}
