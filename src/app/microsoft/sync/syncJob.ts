import { isMicrosoftError, MicrosoftError, userMessage } from '../../../microsoft/graph/errors.js';
import type { SyncContext, SyncScope } from '../../../microsoft/sync/contract.js';
import type { ResourceManifest, RunTools } from '../../../microsoft/sync/manifest.js';
import { AccountNotActive } from '../../../microsoft/sync/accountGuard.js';
import { syncScope } from '../../../microsoft/sync/runner.js';
import { syncStates } from '../../../microsoft/sync/syncStates.js';
import { ACCOUNT_BUSY, withAccountLock } from './accountLock.js';
import { type SyncEngine } from './context.js';
import { SYNC_JOB, jobKey, type SyncPayload } from './jobs.js';
import { resourceEnabled } from './gate.js';
import { consumePending, pendingChanges } from './pending.js';
import { Watchdog } from './watchdog.js';

const PARALLEL_SCOPES = 4;
/**
 * One (account, resource) starts at most 10 runs a second: under a notification flood each run then
 * takes a tenth of a second's changes at once, instead of a run per group commit. Changes at an
 * ordinary pace (runs further apart than this) never wait.
 */
const MIN_RUN_GAP_MS = 100;
/** How soon to try again when another process holds the account. */
const BUSY_RETRY_MS = 500;

/** Runs with the same key share one run while it waits to start (see KeyedLock.runShared). */
export const shareKeyOf = (p: Pick<SyncPayload, 'accountId' | 'resource' | 'all' | 'list' | 'catchUp'>) =>
  `${p.resource}\n${p.accountId}\n${p.all ? 'all' : ''}${p.list ? 'list' : ''}${p.catchUp ? 'catchUp' : ''}`;

/**
 * microsoft.sync: delta rounds on the scopes of one resource that can hold the pending changes (or
 * on all of them for sweeps, polling and lifecycle events, or the catch-up scopes), then deletes
 * the pending rows it consumed. Idempotent and resumable: cursors are saved per page, pending rows
 * go only after commit.
 */
export async function runSync(s: SyncEngine, payload: SyncPayload): Promise<void> {
  const { integration } = s;
  const manifest = s.manifests.get(payload.resource);
  const account = await integration.accounts.byId(payload.accountId);
  if (!manifest || !account || account.status !== 'active' || !resourceEnabled(manifest, account)) return;
  const ctx: SyncContext = { db: integration.database.db, graph: integration.graph, account: { id: account.id, userId: account.userId, workspaceId: account.workspaceId } };
  const watchdog = new Watchdog(s.settings.staleMs);
  try {
    // Jobs that pile up behind a running sync (a notification flood) share one next run.
    const share = shareKeyOf(payload);
    const outcome = await withAccountLock(integration.database, account.id, manifest.name, () =>
      s.locks.runShared(jobKey(payload), share, () => watchdog.guard(runPlan(s, manifest, ctx, payload, watchdog)), MIN_RUN_GAP_MS));
    if (outcome === ACCOUNT_BUSY) {
      // Another process is syncing this resource; its pending rows stay put for a run right after it.
      await integration.queue.enqueue<SyncPayload>(SYNC_JOB, payload, { key: `${share}\nafter-busy`, runAt: Date.now() + BUSY_RETRY_MS, maxAttempts: 10 });
    } else {
      await syncStates.clearOutage(ctx.db, account.id, manifest.name);
    }
  } catch (err) {
    // A dead grant already put this account (only) into needs_reconnect, or the user disconnected
    // mid-run: retrying cannot help.
    if (isMicrosoftError(err, 'reauthRequired') || err instanceof AccountNotActive) return;
    const kind = err instanceof MicrosoftError ? err.kind : 'fatal';
    await syncStates.markRunFailed(ctx.db, account.id, manifest.name, kind, userMessage(kind)).catch(() => undefined);
    throw err;
  }
}

async function runPlan(s: SyncEngine, m: ResourceManifest, ctx: SyncContext, payload: SyncPayload, watchdog: Watchdog): Promise<void> {
  const pending = await pendingChanges(ctx.db, ctx.account.id, m.name);
  let scopes = m.knownScopes ? await m.knownScopes(ctx) : await storedScopes(ctx, m);
  let listed = false;
  const done = new Set<string>();
  const tools: RunTools = {
    ctx,
    pending,
    scopes: () => scopes,
    notRun: () => scopes.filter((sc) => !done.has(sc.key)),
    async listScopes() {
      if (!listed) {
        listed = true;
        scopes = await m.sync.listScopes(ctx);
        watchdog.beat();
      }
      return scopes;
    },
    run: (targets) => runScopes(s, m, ctx, targets.filter((t) => !done.has(t.key)), done, watchdog),
    beat: () => watchdog.beat(),
  };
  if (payload.list || !scopes.length) await tools.listScopes();
  if (payload.catchUp && !listed) await tools.run(m.catchUp.scopes(scopes));
  else if (payload.all || listed || !m.plan) await tools.run(scopes);
  else await m.plan(tools);
  await consumePending(ctx.db, ctx.account.id, m.name, pending);
}

/** The scopes with a stored cursor: a resource without a scopes table of its own lists these. */
async function storedScopes(ctx: SyncContext, m: ResourceManifest): Promise<SyncScope[]> {
  const rows = await syncStates.list(ctx.db, ctx.account.id, m.name);
  return rows.map((r) => ({ key: r.scope_key, name: r.scope_name ?? r.scope_key }));
}

/** Runs scopes in order (the primary first) with a few in flight; the Graph client caps requests at 4 per mailbox. */
async function runScopes(s: SyncEngine, m: ResourceManifest, ctx: SyncContext, scopes: SyncScope[], done: Set<string>, watchdog: Watchdog): Promise<void> {
  const queue = [...scopes];
  for (const sc of queue) done.add(sc.key);
  let failure: unknown;
  const worker = async () => {
    for (let sc = queue.shift(); sc; sc = queue.shift()) {
      if (failure) return;
      try {
        await syncScope(ctx, m.sync, sc, {
          signal: watchdog.signal,
          onProgress: () => watchdog.beat(),
          onPage: async (scope, result) => {
            try {
              const events = await m.liveEvent(ctx, scope, result);
              for (const event of [events ?? []].flat()) await s.integration.live.publish(event);
            } catch (err) {
              s.integration.log.warn({ err, resource: m.name }, 'live event publish failed');
            }
            await m.committed?.(ctx, scope, result).catch((err: unknown) => s.integration.log.warn({ err, resource: m.name }, 'work after a committed page failed'));
          },
        });
      } catch (err) {
        failure ??= err;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL_SCOPES, queue.length) }, worker));
  if (failure) throw failure;
}
