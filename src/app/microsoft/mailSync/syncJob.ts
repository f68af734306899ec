import { isMicrosoftError } from '../../../microsoft/graph/errors.js';
import type { SyncContext, SyncScope } from '../../../microsoft/sync/contract.js';
import { knownScopes } from '../../../microsoft/sync/mail/folders.js';
import { AccountNotActive } from '../../../microsoft/sync/accountGuard.js';
import { syncScope } from '../../../microsoft/sync/runner.js';
import { locateMessages, pendingChanges, consumePending, knownFolders } from './pending.js';
import { MAIL_SYNC_JOB, type MailSync, type MailSyncPayload } from './context.js';
import { MAILBOX_BUSY, withMailboxLock } from './mailboxLock.js';
import { Watchdog } from './watchdog.js';

const PARALLEL_SCOPES = 4;
/**
 * One mailbox starts at most 10 runs a second: under a notification flood each run then takes a
 * tenth of a second's changes at once, instead of a run per group commit. New mail at an ordinary
 * pace (runs further apart than this) never waits.
 */
const MIN_RUN_GAP_MS = 100;
/** How soon to try again when another process holds the mailbox. */
const BUSY_RETRY_MS = 500;

/** Runs with the same key share one run while it waits to start (see KeyedLock.runShared). */
export const shareKeyOf = (p: MailSyncPayload) => `${p.accountId}\n${p.all ? 'all' : ''}${p.folders ? 'folders' : ''}`;

/**
 * microsoft.mailSync: runs delta rounds on the folders that can hold the pending changes (or on all
 * of them for sweeps, polling and lifecycle events), then deletes the pending rows it consumed.
 * Idempotent and resumable: cursors are saved per page, pending rows go only after commit.
 */
export async function runMailSync(s: MailSync, payload: MailSyncPayload): Promise<void> {
  const { integration } = s;
  const account = await integration.accounts.byId(payload.accountId);
  if (!account || account.status !== 'active') return;
  const ctx: SyncContext = { db: integration.database.db, graph: integration.graph, account: { id: account.id, userId: account.userId, workspaceId: account.workspaceId } };
  const watchdog = new Watchdog(s.settings.staleMs);
  try {
    // Jobs that pile up behind a running sync (a notification flood) share one next run.
    const share = shareKeyOf(payload);
    const outcome = await withMailboxLock(integration.database, account.id, () =>
      s.locks.runShared(account.id, share, () => watchdog.guard(syncAccount(s, ctx, payload, watchdog)), MIN_RUN_GAP_MS));
    if (outcome === MAILBOX_BUSY) {
      // Another process is syncing this mailbox; its pending rows stay put for a run right after it.
      await integration.queue.enqueue<MailSyncPayload>(MAIL_SYNC_JOB, payload, { key: `${share}\nafter-busy`, runAt: Date.now() + BUSY_RETRY_MS, maxAttempts: 10 });
    }
  } catch (err) {
    // A dead grant already put this account (only) into needs_reconnect, or the user disconnected
    // mid-run: retrying cannot help.
    if (isMicrosoftError(err, 'reauthRequired') || err instanceof AccountNotActive) return;
    throw err;
  }
}

async function syncAccount(s: MailSync, ctx: SyncContext, payload: MailSyncPayload, watchdog: Watchdog): Promise<void> {
  const pending = await pendingChanges(ctx.db, ctx.account.id);
  let scopes = await knownScopes(ctx);
  let refreshed = false;
  const refresh = async () => {
    if (refreshed) return;
    refreshed = true;
    scopes = await s.resource.listScopes(ctx);
    watchdog.beat();
  };
  if (payload.folders || !scopes.length) await refresh();
  const done = new Set<string>();
  const run = (targets: SyncScope[]) => runScopes(s, ctx, targets.filter((t) => !done.has(t.key)), done, watchdog);

  if (payload.all || refreshed) {
    await run(scopes);
  } else if (pending.length) {
    const known = await knownFolders(ctx.db, ctx.account.id, pending.map((p) => p.item_id));
    const unknown = pending.filter((p) => !known.has(p.item_id));
    const targets = new Set([...known.values()]);
    // New mail lands in the Inbox almost always: look there before asking where anything is.
    if (unknown.some((p) => p.change_type !== 'deleted')) targets.add(scopes[0]?.key ?? '');
    await run(scopes.filter((sc) => targets.has(sc.key)));

    // A known message that left its folder in this round was deleted or moved (Outlook or our own
    // archive): asking Graph where it is costs one lookup and keeps a move from looking like a loss.
    const vanished = await stillMissing(ctx, [...known.keys()]);
    const stillUnknown = [...(await stillMissing(ctx, unknown.filter((p) => p.change_type !== 'deleted').map((p) => p.item_id))), ...vanished];
    const unknownDeleted = unknown.some((p) => p.change_type === 'deleted');
    const remaining = scopes.filter((sc) => !done.has(sc.key)).length;
    if (unknownDeleted || Math.ceil(stillUnknown.length / 20) >= remaining) {
      // An unknown id that was deleted, or more lookups than folders: one round over every folder is cheaper.
      await run(scopes);
    } else if (stillUnknown.length) {
      const { located, undecided } = await locateMessages(ctx, stillUnknown);
      watchdog.beat();
      const folders = new Set(located.filter((l) => !l.known).map((l) => l.folderId));
      if ([...folders].some((f) => !scopes.some((sc) => sc.key === f))) await refresh();
      // A lookup Graph did not answer would otherwise drop its change until the next sweep.
      await run(undecided ? scopes : scopes.filter((sc) => folders.has(sc.key)));
    }
  }
  await consumePending(ctx.db, ctx.account.id, pending);
}

async function stillMissing(ctx: SyncContext, ids: string[]): Promise<string[]> {
  if (!ids.length) return [];
  const known = await knownFolders(ctx.db, ctx.account.id, ids);
  return ids.filter((id) => !known.has(id));
}

/** Runs scopes in order (Inbox first) with a few in flight; the Graph client caps requests at 4 per mailbox. */
async function runScopes(s: MailSync, ctx: SyncContext, scopes: SyncScope[], done: Set<string>, watchdog: Watchdog): Promise<void> {
  const queue = [...scopes];
  for (const sc of queue) done.add(sc.key);
  const folderIds = new FolderIds(ctx);
  let failure: unknown;
  const worker = async () => {
    for (let sc = queue.shift(); sc; sc = queue.shift()) {
      if (failure) return;
      try {
        await syncScope(ctx, s.resource, sc, {
          signal: watchdog.signal,
          onProgress: () => watchdog.beat(),
          onPage: (scope, result) => publishChange(s, ctx, folderIds, scope, [...result.upserted, ...result.removed]),
        });
      } catch (err) {
        failure ??= err;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL_SCOPES, queue.length) }, worker));
  if (failure) throw failure;
}

/** Graph folder id → Tandem's folder id (mail_folders.id), read once per run. */
class FolderIds {
  private loaded: Promise<Map<string, string>> | undefined;

  constructor(private readonly ctx: SyncContext) {}

  async of(graphId: string): Promise<string | undefined> {
    this.loaded ??= this.ctx.db.selectFrom('mail_folders').select(['id', 'graph_id']).where('account_id', '=', this.ctx.account.id).execute()
      .then((rows) => new Map(rows.map((r) => [r.graph_id, r.id])));
    return (await this.loaded).get(graphId);
  }
}

/**
 * mail.changed with Tandem's own ids, as the inbox's writes and every REST route use: the email
 * ids (GET /api/mail/messages) and the folder id (GET /api/mail/folders).
 */
async function publishChange(s: MailSync, ctx: SyncContext, folders: FolderIds, scope: SyncScope, ids: string[]): Promise<void> {
  try {
    const folderId = await folders.of(scope.key);
    await s.integration.live.publish({
      type: 'mail.changed',
      userId: ctx.account.userId,
      data: { folderIds: folderId ? [folderId] : [], ids: ids.slice(0, 200), ...(ids.length > 200 ? { truncated: true } : {}) },
    });
  } catch (err) {
    s.integration.log.warn({ err }, 'mail.changed publish failed');
  }
}
