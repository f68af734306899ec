import { newId } from '../../lib/ids.js';
import { isMicrosoftError, MicrosoftError, userMessage } from '../graph/errors.js';
import type { PageResult, SyncContext, SyncResource, SyncScope } from './contract.js';
import { AccountNotActive, assertAccountActive } from './accountGuard.js';
import { syncStates, type ScopeId } from './syncStates.js';

export interface ScopeRunOptions {
  /** Called after each page is committed (live events). */
  onPage?: (scope: SyncScope, result: PageResult) => Promise<void> | void;
  /** Called whenever the run makes progress (watchdog heartbeat). */
  onProgress?: () => void;
  /** Checked between pages: an aborted run stops after its last committed page. */
  signal?: AbortSignal;
}

export interface ScopeRunResult {
  pages: number;
  items: number;
  resets: number;
  /** True when this run ended a full round (initial or after a reset). */
  fullRound: boolean;
}

const MAX_RESETS_PER_RUN = 2;

/**
 * Drives one scope of any resource to the end of its current delta round. The cursor is saved in
 * the same transaction as each page's rows, so a crash resumes from the last committed page with no
 * duplicates. An expired cursor resets the scope into a full round that stamps every row it sees;
 * the round's end deletes the rows it never saw (mark and sweep: no duplicates, no ghosts).
 */
export async function syncScope(ctx: SyncContext, resource: SyncResource, scope: SyncScope, opts: ScopeRunOptions = {}): Promise<ScopeRunResult> {
  const id: ScopeId = { accountId: ctx.account.id, resource: resource.name, scopeKey: scope.key };
  const result: ScopeRunResult = { pages: 0, items: 0, resets: 0, fullRound: false };
  for (;;) {
    try {
      await runRound(ctx, resource, scope, id, result, opts);
      return result;
    } catch (err) {
      if (isMicrosoftError(err, 'deltaExpired') && result.resets < MAX_RESETS_PER_RUN) {
        result.resets += 1;
        await resetScope(ctx, id, err);
        continue;
      }
      if (!(err instanceof AccountNotActive)) await recordError(ctx, id, err);
      throw err;
    }
  }
}

async function runRound(ctx: SyncContext, resource: SyncResource, scope: SyncScope, id: ScopeId, result: ScopeRunResult, opts: ScopeRunOptions): Promise<void> {
  let state = await syncStates.ensure(ctx.db, id, scope.name, scope.totalItems ?? null);
  if ((state.delta_link || state.next_link) && (await resource.cursorOutdated?.(ctx, scope))) {
    await resetScope(ctx, id, null);
    state = await syncStates.ensure(ctx.db, id, scope.name, scope.totalItems ?? null);
  }
  const full = !state.delta_link;
  let round = full ? await syncStates.round(ctx.db, id) : undefined;
  let startsRound = false;
  let url = state.next_link ?? state.delta_link;
  if (!url || (full && (!state.next_link || !round))) {
    // A full round starts from the first URL; one whose round id was lost cannot be resumed safely.
    round = newId();
    startsRound = true;
    url = await resource.firstUrl(scope, ctx);
  }
  let synced = startsRound ? 0 : state.items_synced;
  for await (const page of readAhead(ctx.graph.pages<Record<string, unknown>>(ctx.account.id, url, resource.headers()))) {
    if (opts.signal?.aborted) throw new MicrosoftError('transient', 'sync run stopped before the end of its round');
    // A full round applies echoes too: it must stamp every row it sees, or its sweep deletes them.
    const echoes = full ? new Set<string>() : await resource.echoes(ctx, page.items);
    const items = echoes.size ? page.items.filter((item) => typeof item.id !== 'string' || !echoes.has(item.id)) : page.items;
    synced += page.items.length;
    const applied = await ctx.db.transaction().execute(async (trx) => {
      await assertAccountActive(trx, ctx.account.id);
      if (startsRound) {
        await syncStates.startRound(trx, id, round!);
        startsRound = false;
      }
      const applied = await resource.applyPage(trx, ctx, scope, items, full ? round! : null);
      const done = page.deltaLink !== undefined;
      if (done && full) {
        await resource.sweep(trx, ctx, scope, round!);
        await syncStates.endRound(trx, id);
      }
      await syncStates.update(trx, id, {
        next_link: done ? null : (page.nextLink ?? null),
        ...(done ? { delta_link: page.deltaLink!, phase: 'live', last_success_at: new Date().toISOString(), last_error_kind: null, last_error_message: null } : {}),
        ...(full ? { items_synced: synced } : {}),
        ...(scope.totalItems !== undefined ? { items_total: scope.totalItems } : {}),
      });
      return applied;
    });
    result.pages += 1;
    result.items += page.items.length;
    if (page.deltaLink !== undefined && full) result.fullRound = true;
    opts.onProgress?.();
    if (opts.onPage && (applied.upserted.length || applied.removed.length)) await opts.onPage(scope, applied);
  }
}

/**
 * Asks for the next page while the caller applies this one, so Graph's time and the database's
 * overlap (a large folder is otherwise fetch, write, fetch, write). Cursors are still saved only
 * with the page they belong to: a crash resumes from the last committed page and fetches again.
 */
async function* readAhead<T>(source: AsyncIterable<T>): AsyncGenerator<T> {
  const it = source[Symbol.asyncIterator]();
  let next = it.next();
  try {
    for (;;) {
      const r = await next;
      if (r.done) return;
      next = it.next();
      // Surfaced when awaited; a run that stops before then must not leave an unhandled rejection.
      next.catch(() => undefined);
      yield r.value;
    }
  } finally {
    // The consumer stopped early (abort, error): let the source close once its pending read settles.
    void next.then(() => it.return?.(), () => undefined);
  }
}

/** Forgets the cursor so the next round starts over as a full, stamping round. */
async function resetScope(ctx: SyncContext, id: ScopeId, err: MicrosoftError | null): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    await syncStates.update(trx, id, { next_link: null, delta_link: null, phase: 'initial', items_synced: 0, last_error_kind: err?.kind ?? null, last_error_message: err ? userMessage(err.kind) : null });
    await syncStates.endRound(trx, id);
  });
}

async function recordError(ctx: SyncContext, id: ScopeId, err: unknown): Promise<void> {
  const kind = err instanceof MicrosoftError ? err.kind : 'fatal';
  try {
    await syncStates.update(ctx.db, id, { last_error_kind: kind, last_error_message: userMessage(kind) });
  } catch {
    // The error being reported matters more than recording it.
  }
}
