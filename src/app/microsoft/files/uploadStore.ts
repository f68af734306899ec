import type { Db } from '../../../db/database.js';
import type { FileUploadsTable } from '../../../db/tables/files.js';
import type { SecretBox } from '../../../lib/secretBox.js';
import type { Caller } from './access.js';
import { FilesError } from './errors.js';

export type UploadRow = FileUploadsTable;

/**
 * Upload sessions in progress. The uploadUrl is a bearer URL to the user's drive: sealed before it
 * is written, opened only to send a fragment, and never logged or answered.
 */
export const uploadStore = {
  async create(db: Db, box: SecretBox, row: Omit<UploadRow, 'upload_url_enc' | 'completed_link_id'>, uploadUrl: string): Promise<void> {
    await db.insertInto('file_uploads').values({ ...row, upload_url_enc: box.seal(uploadUrl), completed_link_id: null }).execute();
  },

  /** The upload, for the user who started it only: a colleague in the workspace gets 403, anyone else 404. */
  async forCaller(db: Db, caller: Caller, id: string): Promise<UploadRow> {
    const row = await db.selectFrom('file_uploads').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row || row.workspace_id !== caller.workspaceId) throw new FilesError(404, 'not_found', 'Upload not found: it finished, was cancelled or expired. Start the upload again.');
    if (row.user_id !== caller.userId) throw new FilesError(403, 'forbidden', 'Only the person who started this upload can continue it.');
    return row;
  },

  uploadUrl: (box: SecretBox, row: UploadRow): string => box.open(row.upload_url_enc),

  async extend(db: Db, id: string, expiresAt: string | null): Promise<void> {
    if (expiresAt) await db.updateTable('file_uploads').set({ expires_at: expiresAt }).where('id', '=', id).execute();
  },

  /** Records the link the finished upload made; false when another request recorded one first. */
  async complete(db: Db, id: string, linkId: string): Promise<boolean> {
    const r = await db.updateTable('file_uploads').set({ completed_link_id: linkId, upload_url_enc: '' }).where('id', '=', id).where('completed_link_id', 'is', null).executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  },

  /**
   * Forgets an account's uploads that can no longer matter: sessions past their expiry (OneDrive
   * dropped them) and finished ones a day on (kept that long so a retried last chunk gets its link).
   */
  async sweep(db: Db, accountId: string, now = Date.now()): Promise<void> {
    const expired = new Date(now - 60 * 60_000).toISOString();
    const finished = new Date(now - 24 * 60 * 60_000).toISOString();
    await db.deleteFrom('file_uploads').where('account_id', '=', accountId)
      .where((eb) => eb.or([eb.and([eb('completed_link_id', 'is', null), eb('expires_at', '<', expired)]), eb.and([eb('completed_link_id', 'is not', null), eb('created_at', '<', finished)])]))
      .execute();
  },

  async remove(db: Db, id: string): Promise<void> {
    await db.deleteFrom('file_uploads').where('id', '=', id).execute();
  },
};
