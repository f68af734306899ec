import { isMicrosoftError, MicrosoftError } from '../../../microsoft/graph/errors.js';
import type { SyncedResource } from '../../../microsoft/catalogue.js';
import type { SyncContext } from '../../../microsoft/sync/contract.js';
import { links } from '../../../microsoft/sync/links.js';
import type { ResourceManifest } from '../../../microsoft/sync/manifest.js';
import { outbox } from '../../../microsoft/sync/outbox.js';
import type { OutboxRow, WriteBack, WriteResult } from '../../../microsoft/sync/writeBack.js';
import { type SyncEngine } from './context.js';
import { WRITE_BACK_JOB } from './jobs.js';
import { resourceEnabled } from './gate.js';

export interface WriteBackPayload {
  accountId: string;
  resource: SyncedResource;
}

/** A 412 is re-read, merged and retried this often before the entry waits for the next round. */
const MAX_CONFLICT_RETRIES = 3;
const RETRY_BASE_MS = 2_000;
const RETRY_MAX_MS = 10 * 60_000;
/** Past this many throttled or failed attempts the entry is failed (shown, never retried blindly). */
const MAX_ATTEMPTS = 12;

/** Queues the write-back of one (account, resource); called after the CRM change's transaction commits. */
export const enqueueWriteBack = (s: SyncEngine, p: WriteBackPayload, runAt?: number) =>
  s.integration.queue.enqueue<WriteBackPayload>(WRITE_BACK_JOB, p, { key: `${p.resource}:${p.accountId}${runAt ? ':later' : ''}`, maxAttempts: 5, ...(runAt ? { runAt } : {}) });

/**
 * microsoft.writeBack: sends the (account, resource)'s pending outbox entries to Graph in the order
 * they were made. Writes are retried only on throttling or 5xx, with backoff; a 412 re-reads,
 * merges and retries; anything else fails the entry with its reason. The link (Graph id and the
 * changeKey written) is recorded in the same transaction that retires the entry, so the echo of
 * this write, coming back through delta, changes nothing.
 */
export async function runWriteBack(s: SyncEngine, p: WriteBackPayload): Promise<void> {
  const m = s.manifests.get(p.resource);
  const account = await s.integration.accounts.byId(p.accountId);
  const wb = m?.writeBack;
  if (!m || !wb || !account || account.status !== 'active' || !resourceEnabled(m, account)) return;
  const ctx: SyncContext = { db: s.integration.database.db, graph: s.integration.graph, account: { id: account.id, userId: account.userId, workspaceId: account.workspaceId } };
  await s.locks.run(`writeBack:${p.resource}:${p.accountId}`, async () => {
    for (;;) {
      const rows = await outbox.pending(ctx.db, account.id, m.name);
      if (!rows.length) return;
      for (const row of rows) {
        if (Date.parse(row.next_attempt_at) > Date.now()) {
          // Order matters (an update after its create): the rest waits for this one.
          await enqueueWriteBack(s, p, Date.parse(row.next_attempt_at));
          return;
        }
        if (!(await sendOne(s, m, wb, ctx, row))) return;
      }
    }
  });
}

/** False when the entry must wait (throttled, outage): the job is queued again for then. */
async function sendOne(s: SyncEngine, m: ResourceManifest, wb: WriteBack, ctx: SyncContext, row: OutboxRow): Promise<boolean> {
  const entry = outbox.entryOf(row);
  await outbox.attempt(ctx.db, row.id);
  try {
    const result = await sendMerging(wb, ctx, m, entry);
    await ctx.db.transaction().execute(async (trx) => {
      if (result) {
        await links.upsert(trx, { account_id: ctx.account.id, resource: m.name, graph_id: result.id, record_type: entry.recordType, record_id: entry.recordId, change_key: result.changeKey });
        await wb.applied?.(trx, ctx, entry, result);
      } else {
        const link = await links.byRecord(trx, ctx.account.id, m.name, entry.recordType, entry.recordId);
        if (link) await links.remove(trx, ctx.account.id, m.name, link.graph_id);
      }
      await outbox.done(trx, row.id);
    });
    return true;
  } catch (err) {
    const kind = err instanceof MicrosoftError ? err.kind : 'fatal';
    if (kind === 'reauthRequired') throw err;
    if (kind === 'notFound' && entry.op !== 'create') {
      // Deleted in Outlook meanwhile: nothing left to update or delete; the CRM record is unlinked.
      await ctx.db.transaction().execute(async (trx) => {
        const link = await links.byRecord(trx, ctx.account.id, m.name, entry.recordType, entry.recordId);
        if (link) await links.remove(trx, ctx.account.id, m.name, link.graph_id);
        await wb.gone?.(trx, ctx, entry);
        await outbox.done(trx, row.id);
      });
      return true;
    }
    const message = err instanceof Error ? err.message : String(err);
    // Not Graph's answer but Tandem's own failure (its commit, its database): Graph may already hold
    // the write, and only a retry records it. Retrying is safe: a create is idempotent by its key
    // and an update sends the same fields again.
    const ours = !(err instanceof MicrosoftError);
    if ((kind === 'throttled' || kind === 'transient' || ours) && row.attempts + 1 < MAX_ATTEMPTS) {
      if (ours) s.integration.log.warn({ err, accountId: ctx.account.id, resource: m.name, op: entry.op }, 'write-back failed on Tandem\'s side; retried later');
      const retryAfter = isMicrosoftError(err) ? err.retryAfterMs : undefined;
      const at = Date.now() + (retryAfter ?? Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** row.attempts));
      await outbox.later(ctx.db, row.id, at, message);
      await enqueueWriteBack(s, { accountId: ctx.account.id, resource: m.name }, at);
      return false;
    }
    s.integration.log.warn({ err, accountId: ctx.account.id, resource: m.name, op: entry.op }, 'write-back to Microsoft 365 failed; not retried');
    await outbox.fail(ctx.db, row.id, message);
    return true;
  }
}

async function sendMerging(wb: WriteBack, ctx: SyncContext, m: ResourceManifest, entry: ReturnType<typeof outbox.entryOf>): Promise<WriteResult | null> {
  for (let i = 0; ; i++) {
    const link = await links.byRecord(ctx.db, ctx.account.id, m.name, entry.recordType, entry.recordId);
    try {
      return await wb.send(ctx, entry, link);
    } catch (err) {
      if (!isMicrosoftError(err, 'conflict') || !link || i >= MAX_CONFLICT_RETRIES) throw err;
      // Someone changed the item in Outlook since Tandem read it: take their changeKey and send
      // only our changed fields again, so both edits survive.
      const fresh = await wb.refresh(ctx, entry, link);
      if (fresh === 'gone') throw new MicrosoftError('notFound', 'the item was deleted in Microsoft 365', { status: 404 });
      await links.upsert(ctx.db, { ...link, change_key: fresh.changeKey });
    }
  }
}
