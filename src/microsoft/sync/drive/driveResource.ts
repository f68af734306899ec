import type { Drive, DriveItem } from '@microsoft/microsoft-graph-types';
import type { DeltaItem, PageResult, SyncContext, SyncResource, SyncScope, Trx } from '../contract.js';
import { fileLinks, type FileLinkRow, type RecordRef } from './fileLinks.js';
import { isDeletedItem, LINK_SELECT, metadataOf } from './itemMetadata.js';
import { followMovedFolders } from './movedFolders.js';

export interface DriveResourceOptions {
  /** `$top` of the delta (the drive's page size; kept by its tokens). */
  pageSize?: number;
}

/** The CRM records a committed page changed, for the live event; keyed by the page's result. */
export const changedRecords = new WeakMap<PageResult, RecordRef[]>();
/**
 * The page a scope applied last, per account: the sweep runs in the last page's transaction and
 * adds the links it marks deleted to that page's result, so they reach the live event too.
 */
const lastPage = new Map<string, PageResult>();
const pageKey = (accountId: string, scopeKey: string) => `${accountId}\n${scopeKey}`;
/**
 * Drives whose current full round started from `?token=latest` (nothing linked when it began): its
 * sweep has nothing to mark, since every link made since was read by its attach.
 */
const fromLatest = new Set<string>();

/**
 * The user's OneDrive as one scope: the root's delta. Tandem keeps no copy of the drive, only the
 * links CRM records hold to its items, so a page changes just the linked items it names.
 *
 * A full round (the first, and after a 410) enumerates the whole drive rather than starting from
 * `?token=latest`: it is the only way to learn which linked items were renamed, moved or deleted
 * while no cursor was held, and its cost is Graph's paging alone (a page touches the database only
 * for the linked items in it). The round's sweep then marks "deleted" every link of the drive the
 * round neither saw nor had confirmed since it started (an attach during the round confirms its own).
 *
 * A drive the account has linked nothing from has nothing to learn, so its full round starts from
 * `?token=latest` (Graph: no items, a deltaLink from now), whatever the drive's size. A link made
 * after the cursor was taken was read by its attach, and whatever changes after that read is in the
 * delta from that cursor. The round's sweep marks nothing deleted (every link there is was made
 * since the check); the few made between the check and Graph's answer are read once more after the
 * run, as that read may have come before the cursor.
 *
 * Delta gives no parentReference.path (items are tracked by id), so a linked item changed by an
 * incremental round keeps its new name and webUrl from the page and is marked unchecked; the
 * manifest reads it again for its folder right after a run that followed a notification, or as the
 * next run starts (staleLinks.ts). A folder renamed or moved comes alone, without the items below
 * it: the links below it are found by their folder ids and follow from the page (movedFolders.ts).
 */
export function driveResource(options: DriveResourceOptions = {}): SyncResource {
  const pageSize = options.pageSize ?? 200;
  return {
    name: 'files',
    async listScopes(ctx: SyncContext): Promise<SyncScope[]> {
      const drive = await ctx.graph.get<Drive>(ctx.account.id, '/me/drive?$select=id,name,driveType');
      return drive.id ? [{ key: drive.id, name: drive.name ?? 'OneDrive', primary: true }] : [];
    },
    async firstUrl(scope: SyncScope, ctx: SyncContext): Promise<string> {
      const key = pageKey(ctx.account.id, scope.key);
      const query = `$select=${LINK_SELECT}&$top=${pageSize}`;
      const linked = await ctx.db.selectFrom('file_links').select('id').where('account_id', '=', ctx.account.id).where('drive_id', '=', scope.key).limit(1).executeTakeFirst();
      if (linked) {
        fromLatest.delete(key);
        return `/me/drive/root/delta?${query}`;
      }
      fromLatest.add(key);
      return `/me/drive/root/delta?token=latest&${query}`;
    },
    headers: () => ({}),
    // Tandem never writes to a linked item through the sync: nothing of a page is its own echo.
    echoes: async () => new Set<string>(),

    async applyPage(trx: Trx, ctx: SyncContext, scope: SyncScope, items: DeltaItem[], round: string | null): Promise<PageResult> {
      const latest = new Map<string, DriveItem & DeltaItem>();
      // Replays within a page: the last version wins.
      for (const item of items) if (typeof item.id === 'string') latest.set(item.id, item as DriveItem & DeltaItem);
      const links = await fileLinks.ofItems(trx, ctx.account.id, scope.key, [...latest.keys()]);
      const result: PageResult = { upserted: [], removed: [] };
      const records: RecordRef[] = [];
      const unchecked: string[] = [];
      const byItem = new Map<string, FileLinkRow[]>();
      for (const l of links) byItem.set(l.item_id, [...(byItem.get(l.item_id) ?? []), l]);
      for (const [itemId, rows] of byItem) {
        const item = latest.get(itemId)!;
        const deleted = isDeletedItem(item);
        const meta = metadataOf(item);
        // A tombstone may carry no name or URL: keep what is known.
        const write = deleted ? {} : { ...meta, ...(meta.web_url ? {} : { web_url: rows[0]!.web_url }) };
        await fileLinks.applyMetadata(trx, ctx.account.id, scope.key, itemId, write as typeof meta, deleted ? 'deleted' : 'present');
        for (const row of rows) {
          // A full round re-confirms every link it meets: their records are told, as after any reset.
          const changed = deleted ? row.state !== 'deleted' : round !== null || row.etag !== meta.etag || row.state !== 'present';
          if (!changed) continue;
          (deleted ? result.removed : result.upserted).push(row.id);
          records.push({ recordType: row.record_type, recordId: row.record_id });
          if (!deleted && !round && meta.parent_path === undefined) unchecked.push(row.id);
        }
      }
      const moves = await followMovedFolders(trx, ctx.account.id, scope.key, latest);
      for (const m of moves.changed) {
        if (!result.upserted.includes(m.id)) result.upserted.push(m.id);
        records.push({ recordType: m.recordType, recordId: m.recordId });
      }
      await fileLinks.markUnchecked(trx, [...unchecked, ...moves.unknown]);
      changedRecords.set(result, records);
      if (round) lastPage.set(pageKey(ctx.account.id, scope.key), result);
      return result;
    },

    async sweep(trx: Trx, ctx: SyncContext, scope: SyncScope, round: string): Promise<number> {
      const started = await trx.selectFrom('microsoft_sync_rounds').select('started_at').where('account_id', '=', ctx.account.id)
        .where('resource', '=', 'files').where('scope_key', '=', scope.key).where('round_id', '=', round).executeTakeFirst();
      if (!started) return 0;
      if (fromLatest.delete(pageKey(ctx.account.id, scope.key))) {
        // Attached between the check for links and Graph's cursor: read again after the run, so a change in those moments is not lost.
        const early = await trx.selectFrom('file_links').select('id').where('account_id', '=', ctx.account.id).where('drive_id', '=', scope.key)
          .where('checked_at', '<', started.started_at).execute();
        await fileLinks.markUnchecked(trx, early.map((l) => l.id));
        return 0;
      }
      const gone = await trx.selectFrom('file_links').select(['id', 'record_type', 'record_id']).where('account_id', '=', ctx.account.id).where('drive_id', '=', scope.key)
        .where('state', '=', 'present').where((eb) => eb.or([eb('checked_at', 'is', null), eb('checked_at', '<', started.started_at)])).execute();
      await fileLinks.markDeleted(trx, gone.map((g) => g.id));
      const page = lastPage.get(pageKey(ctx.account.id, scope.key));
      lastPage.delete(pageKey(ctx.account.id, scope.key));
      if (page) {
        page.removed.push(...gone.map((g) => g.id));
        changedRecords.get(page)?.push(...gone.map((g) => ({ recordType: g.record_type, recordId: g.record_id })));
      }
      return gone.length;
    },
  };
}
