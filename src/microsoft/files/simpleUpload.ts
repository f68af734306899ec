import type { DriveItem } from '@microsoft/microsoft-graph-types';
import type { GraphClient } from '../graph/client.js';
import { childPath, itemBase } from './drivePaths.js';

/**
 * An empty file made in a folder with Graph's simple upload (`PUT …/{parent}:/{name}:/content`).
 * Upload sessions cannot take it: their byte ranges need at least one byte. conflictBehavior goes
 * in the query string, where simple upload reads it; "rename" because the default there is
 * "replace", which would silently empty a file of that name the user already has.
 */
export async function putEmptyFile(graph: GraphClient, accountId: string, driveId: string | undefined, folderItemId: string, name: string): Promise<DriveItem> {
  const path = `${childPath(itemBase(driveId, folderItemId), [name])}/content?@microsoft.graph.conflictBehavior=rename`;
  const res = await graph.request<DriveItem>(accountId, { method: 'PUT', path, body: '', headers: { 'content-type': 'application/octet-stream' } });
  return res.body;
}
