import type { Selectable } from 'kysely';
import type { FileLinksTable, FileRecordType } from '../../../db/tables/files.js';
import type { Trx } from '../contract.js';
import type { LinkMetadata } from './itemMetadata.js';

export type FileLinkRow = Selectable<FileLinksTable>;
export interface RecordRef {
  recordType: FileRecordType;
  recordId: string;
}

const now = () => new Date().toISOString();

/** file_links: CRM records ↔ drive items. Every query names the workspace or the account it acts for. */
export const fileLinks = {
  async forRecord(db: Trx, workspaceId: string, record: RecordRef): Promise<FileLinkRow[]> {
    return db.selectFrom('file_links').selectAll().where('workspace_id', '=', workspaceId).where('record_type', '=', record.recordType)
      .where('record_id', '=', record.recordId).orderBy('created_at', 'desc').orderBy('id').execute();
  },

  async byId(db: Trx, workspaceId: string, id: string): Promise<FileLinkRow | undefined> {
    return db.selectFrom('file_links').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
  },

  async find(db: Trx, record: RecordRef, driveId: string, itemId: string): Promise<FileLinkRow | undefined> {
    return db.selectFrom('file_links').selectAll().where('record_type', '=', record.recordType).where('record_id', '=', record.recordId)
      .where('drive_id', '=', driveId).where('item_id', '=', itemId).executeTakeFirst();
  },

  async insert(db: Trx, row: Omit<FileLinkRow, 'created_at' | 'updated_at' | 'parent_path' | 'folder_ids'> & { parent_path?: string | null; folder_ids?: string | null }): Promise<void> {
    const t = now();
    await db.insertInto('file_links').values({ ...row, parent_path: row.parent_path ?? null, created_at: t, updated_at: t }).execute();
  },

  /** The account's links to these items of one drive (a delta page). */
  async ofItems(db: Trx, accountId: string, driveId: string, itemIds: string[]): Promise<FileLinkRow[]> {
    if (!itemIds.length) return [];
    const out: FileLinkRow[] = [];
    for (let i = 0; i < itemIds.length; i += 500) {
      out.push(...await db.selectFrom('file_links').selectAll().where('account_id', '=', accountId).where('drive_id', '=', driveId)
        .where('item_id', 'in', itemIds.slice(i, i + 500)).execute());
    }
    return out;
  },

  /** Writes what Graph said of an item to every link of it made through the account. */
  async applyMetadata(db: Trx, accountId: string, driveId: string, itemId: string, meta: LinkMetadata, state: 'present' | 'deleted'): Promise<void> {
    const t = now();
    await db.updateTable('file_links').set({ ...meta, state, checked_at: t, updated_at: t })
      .where('account_id', '=', accountId).where('drive_id', '=', driveId).where('item_id', '=', itemId).execute();
  },

  /** What Graph said of the item, read for this one link (opening it, or a refresh). */
  async applyToLink(db: Trx, id: string, meta: LinkMetadata & { folder_ids?: string | null }, state: 'present' | 'deleted'): Promise<void> {
    const t = now();
    await db.updateTable('file_links').set({ ...meta, state, checked_at: t, updated_at: t }).where('id', '=', id).execute();
  },

  /** Graph confirmed nothing new (the account cannot read the item any more): wait a full interval before asking again. */
  async touch(db: Trx, ids: string[]): Promise<void> {
    if (!ids.length) return;
    await db.updateTable('file_links').set({ checked_at: now() }).where('id', 'in', ids).execute();
  },

  async markDeleted(db: Trx, ids: string[]): Promise<void> {
    if (!ids.length) return;
    const t = now();
    await db.updateTable('file_links').set({ state: 'deleted', checked_at: t, updated_at: t }).where('id', 'in', ids).execute();
  },

  /** Asks for a refresh from Graph (checked_at null): the item moved and delta gives no path. */
  async markUnchecked(db: Trx, ids: string[]): Promise<void> {
    if (!ids.length) return;
    await db.updateTable('file_links').set({ checked_at: null }).where('id', 'in', ids).execute();
  },

  async remove(db: Trx, workspaceId: string, id: string): Promise<boolean> {
    const r = await db.deleteFrom('file_links').where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  },
};
