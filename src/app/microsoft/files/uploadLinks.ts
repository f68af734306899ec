import { fileLinks } from '../../../microsoft/sync/drive/fileLinks.js';
import type { MicrosoftIntegration } from '../integration.js';
import type { Caller } from './access.js';
import { attachDriveItems } from './attach.js';
import { fileLinkViews, type FileLink } from './fileLinkView.js';
import type { UploadLinks } from './uploadChunk.js';

/** A finished upload becomes a link on its record, attached with the uploader's own token, like a pick. */
export function uploadLinks(integration: MicrosoftIntegration, caller: Caller): UploadLinks<FileLink> {
  const db = integration.database.db;
  return {
    attach: async (row, item) => {
      const [link] = await attachDriveItems(integration, {
        user: { userId: caller.userId, workspaceId: caller.workspaceId },
        record: { type: row.record_type, id: row.record_id },
        items: [{ driveId: item.parentReference?.driveId ?? row.drive_id, itemId: item.id! }],
      });
      return link!;
    },
    byId: async (linkId) => {
      const row = await fileLinks.byId(db, caller.workspaceId, linkId);
      return row ? (await fileLinkViews(db, [row]))[0] : undefined;
    },
  };
}
