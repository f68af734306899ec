import { sql } from 'kysely';
import type { SyncContext } from '../contract.js';
import type { RecordRef } from './fileLinks.js';
import { refreshLinks } from './refresh.js';

/**
 * Links whose metadata no drive delta of this account keeps current: items in another drive (a
 * SharePoint library, someone else's OneDrive) are read again when their copy is older than this.
 * Libraries cannot be subscribed to (graph-facts §1), and the engine's runs (notifications,
 * catch-up every few minutes, sweeps) already come round often enough to carry the refresh.
 */
export const OTHER_DRIVE_REFRESH_MS = 10 * 60_000;
/**
 * At most this many Graph reads per run (they come before the run's delta, so they must stay
 * short): a backlog is worked off over the next runs, the oldest first.
 */
const BATCH = 20;

/**
 * Reads again, with the account that attached them, the links that are unchecked (moved in
 * OneDrive: delta gives no folder path) and those of other drives gone stale.
 */
export async function refreshStaleLinks(ctx: SyncContext, ownDrives: string[]): Promise<RecordRef[]> {
  const cutoff = new Date(Date.now() - OTHER_DRIVE_REFRESH_MS).toISOString();
  let q = ctx.db.selectFrom('file_links').selectAll().where('account_id', '=', ctx.account.id);
  q = ownDrives.length
    ? q.where((eb) => eb.or([eb('checked_at', 'is', null), eb.and([eb('drive_id', 'not in', ownDrives), eb('checked_at', '<', cutoff)])]))
    : q.where('checked_at', 'is', null);
  // Unchecked first (PostgreSQL sorts nulls last), then the oldest.
  const stale = await q.orderBy(sql`checked_at is not null`).orderBy('checked_at').limit(BATCH).execute();
  return stale.length ? refreshLinks(ctx, stale) : [];
}
