import type { Selectable } from 'kysely';
import type { MicrosoftLinksTable, MicrosoftOutboxTable, OutboxOp } from '../../db/tables/microsoftSync.js';
import type { SyncContext, Trx } from './contract.js';

export type LinkRow = Selectable<MicrosoftLinksTable>;
export type OutboxRow = Selectable<MicrosoftOutboxTable>;

/** One local change on its way to Graph, as the resource's write-back sees it. */
export interface OutboxEntry {
  id: string;
  recordType: string;
  recordId: string;
  op: OutboxOp;
  payload: unknown;
  /** Chosen before the first attempt (an event's transactionId). */
  idempotencyKey: string;
  /** Attempts before this one: above 0, an earlier attempt may have reached Graph before a crash. */
  attempts: number;
}

/** What Graph holds after a write: its id and the changeKey Tandem's echo will carry. */
export interface WriteResult {
  id: string;
  changeKey: string | null;
}

/**
 * A two-way resource's side of the shared write-back path (src/app/microsoft/sync/writeBackJob.ts
 * owns ordering, retries and links). Every method throws MicrosoftError on failure; the job branches
 * on its kind: throttled and transient retry later, conflict re-reads and merges, others fail the entry.
 */
export interface WriteBack {
  /**
   * Sends one entry. `link` is the Graph item the record mirrors (absent before its create). A create
   * must be idempotent under `entry.idempotencyKey`. Returns null when nothing is left at Graph (delete).
   */
  send(ctx: SyncContext, entry: OutboxEntry, link: LinkRow | undefined): Promise<WriteResult | null>;
  /**
   * After a 412: re-reads the item and merges field by field (the entry carries only the fields
   * changed locally, so Outlook's other changes are kept); returns the changeKey to retry with, or
   * 'gone' when the item no longer exists.
   */
  refresh(ctx: SyncContext, entry: OutboxEntry, link: LinkRow): Promise<{ changeKey: string | null } | 'gone'>;
  /** Stores in the CRM what Graph answered (ids, a join URL), in the transaction that records the link. */
  applied?(trx: Trx, ctx: SyncContext, entry: OutboxEntry, result: WriteResult): Promise<void>;
  /** The item is gone at Graph (an update or delete found nothing): unlink the record in the CRM. */
  gone?(trx: Trx, ctx: SyncContext, entry: OutboxEntry): Promise<void>;
}
