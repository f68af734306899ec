import type { Transaction } from 'kysely';
import type { Db } from '../../db/database.js';
import type { Tables } from '../../db/tables/index.js';
import type { GraphClient } from '../graph/client.js';

export type Trx = Transaction<Tables> | Db;

/** Who a sync runs for: every row it writes carries these ids, so one user's data never reaches another. */
export interface SyncAccount {
  id: string;
  userId: string;
  workspaceId: string;
}

export interface SyncContext {
  db: Db;
  graph: GraphClient;
  account: SyncAccount;
}

/** One delta cursor's worth of a resource: a mail folder, a calendar, a contact folder, a To Do list. */
export interface SyncScope {
  key: string;
  name: string;
  /** For the progress bar during the initial round (mail: the folder's totalItemCount). */
  totalItems?: number;
  /** Where new items land (mail: the Inbox): what a catch-up round looks at. */
  primary?: boolean;
}

/**
 * What one committed page changed, for live events: Tandem's own row ids (what the REST API
 * returns), never Graph's.
 */
export interface PageResult {
  upserted: string[];
  removed: string[];
}

/** A Graph item as delta returns it: either a full item or an id with @removed. */
export type DeltaItem = Record<string, unknown> & { id?: string; '@removed'?: { reason?: string } };

/**
 * The one contract every synced resource implements. The runner owns cursors, transactions,
 * resets and progress; a resource only knows its scopes, its first URL and how a page maps to rows.
 */
export interface SyncResource {
  /** Stored in microsoft_sync_states.resource. */
  readonly name: string;
  /** Every scope to sync; may also keep a scopes table in step (mail folders). */
  listScopes(ctx: SyncContext): Promise<SyncScope[]>;
  /**
   * The first delta URL of a scope; query options go only here (they are encoded into the tokens).
   * Asked at the start of each full round, with the account (a drive with nothing linked starts from now).
   */
  firstUrl(scope: SyncScope, ctx: SyncContext): string | Promise<string>;
  /** Headers for every delta request of this resource (e.g. Prefer: odata.maxpagesize). */
  headers(): Record<string, string>;
  /**
   * Maps one page to rows inside the runner's transaction: upsert by (account, immutable id),
   * delete on @removed. `round` is set during a full round: stamp every row seen with it.
   */
  applyPage(trx: Trx, ctx: SyncContext, scope: SyncScope, items: DeltaItem[], round: string | null): Promise<PageResult>;
  /** After a full round: delete the scope's rows not stamped with `round` (gone while the cursor was lost). */
  sweep(trx: Trx, ctx: SyncContext, scope: SyncScope, round: string): Promise<number>;
  /**
   * The ids of a page's items that are echoes of Tandem's own write-back (two-way resources: the
   * item's changeKey is the one Tandem wrote, see echoes.ts). They are skipped: an echo changes
   * nothing and sends nothing. Mail never writes back and has none.
   */
  echoes(ctx: SyncContext, items: DeltaItem[]): Promise<Set<string>>;
  /**
   * Optional: true when a scope's stored cursor must be replaced by a full round although Graph
   * would still accept it. calendarView delta keeps its date window in the token for ever, so when
   * the rolling window has moved on the cursor is reset like a 410 (full, stamping round + sweep).
   */
  cursorOutdated?(ctx: SyncContext, scope: SyncScope): Promise<boolean>;
}
