import type { SandboxContext } from '../../core/context.js';
import type { FolderRow } from './rows.js';

/**
 * Tells the subscription engine that a message changed. The paths cover every way a client
 * may have named the resource: the mailbox-wide messages collection, the folder by id and,
 * for well-known folders, by name.
 */
export function publishMessageChange(
  ctx: SandboxContext,
  tenantId: string,
  folder: FolderRow,
  changeType: 'created' | 'updated' | 'deleted',
  ids: { id: string; immutableId: string },
  changeKey?: string,
): void {
  const { id, immutableId } = ids;
  const u = folder.user_id;
  const resourcePaths = [`Users/${u}/Messages/${id}`, `Users/${u}/MailFolders/${folder.id}/Messages/${id}`];
  if (folder.well_known) resourcePaths.push(`Users/${u}/MailFolders/${folder.well_known}/Messages/${id}`);
  ctx.bus.publish({
    tenantId,
    userId: u,
    changeType,
    resourcePaths,
    odataType: '#Microsoft.Graph.Message',
    id,
    immutableId,
    ...(changeKey ? { etag: `W/"${changeKey}"` } : {}),
  });
}
