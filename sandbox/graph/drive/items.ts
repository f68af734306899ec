import type { Address } from './address.js';
import { allowOptions, checkIfMatch, conflictBehavior, expansions, itemOr404, itemsContext, itemView } from './common.js';
import { invalidRequest } from './errors.js';
import { cTagOf, eTagOf } from './ids.js';
import { requireAny } from './scopes.js';
import { readJson, type DriveCall } from './route.js';
import type { ItemRow } from './schema.js';
import { itemJson } from './serialize.js';
import { itemById, resolvePath, rootOf } from './store.js';
import { listChildren } from './children.js';
import { deleteItem, updateItem } from './write.js';

/**
 * GET an item; `If-None-Match` with its current eTag or cTag is 304, `$expand=children` inlines the
 * first page, `$expand=thumbnails` an empty set (the sandbox renders no thumbnails).
 */
export function getItem(call: DriveCall, a: Address) {
  allowOptions(call, ['$select', '$expand']);
  const row = itemOr404(call, a);
  const none = call.req.headers['if-none-match'];
  if (typeof none === 'string' && [eTagOf(row.guid, row.e_ver), cTagOf(row.guid, row.c_ver)].includes(none.replace(/^W\//, ''))) {
    return call.reply.code(304).send();
  }
  const expand = expansions(call, ['children', 'thumbnails']);
  const json = itemJson(call.ctx, call.drive, row, itemView(call, { download: true, select: call.query.$select }));
  const out: Record<string, unknown> = { '@odata.context': itemsContext(call, 'items/$entity'), ...json };
  if (expand.has('thumbnails')) out.thumbnails = [];
  if (expand.has('children') && row.is_folder) out.children = listChildren(call, row, { top: 200, offset: 0 }).value;
  return out;
}

const READ_ONLY = new Set(['id', 'etag', 'ctag', 'size', 'weburl', 'createddatetime', 'lastmodifieddatetime', 'createdby', 'lastmodifiedby', 'file', 'folder', 'root', 'deleted', 'shared', 'remoteitem', 'package', 'image', 'photo', 'video', 'audio', 'location', 'searchresult', 'specialfolder', 'children', 'permissions', 'thumbnails', 'versions', 'listitem', 'analytics', 'malware', 'publication', 'sharepointids', 'filesysteminfo']);

/** PATCH: rename (`name`), move (`parentReference` by id or path), `description`; conflicts follow the body's conflictBehavior (default fail). */
export async function patchItem(call: DriveCall, a: Address) {
  requireAny(call.claims, call.writeScopes);
  const body = await readJson(call.req);
  const row = itemOr404(call, a);
  checkIfMatch(call, row);
  for (const key of Object.keys(body)) {
    const k = key.toLowerCase();
    if (key.startsWith('@') || READ_ONLY.has(k) || k === 'name' || k === 'parentreference' || k === 'description') continue;
    throw invalidRequest(`Property '${key}' does not exist on type 'microsoft.graph.driveItem'.`);
  }
  let parent: ItemRow | undefined;
  const ref = body.parentReference as { id?: unknown; path?: unknown; driveId?: unknown } | undefined;
  if (ref !== undefined) {
    if (!ref || typeof ref !== 'object') throw invalidRequest("'parentReference' must be an object.");
    if (typeof ref.driveId === 'string' && ref.driveId !== call.drive.id) throw invalidRequest('Items cannot be moved to another drive; copy them instead.');
    parent = typeof ref.id === 'string' ? itemById(call.ctx.db, ref.id) : typeof ref.path === 'string' ? byParentPath(call, ref.path) : undefined;
    if (!parent || parent.drive_id !== call.drive.id) throw invalidRequest('The parent item was not found.');
  }
  if (body.name !== undefined && typeof body.name !== 'string') throw invalidRequest("'name' must be a string.");
  if (body.description !== undefined && body.description !== null && typeof body.description !== 'string') throw invalidRequest("'description' must be a string.");
  const updated = await updateItem(call.ctx, call.drive, row, {
    ...(body.name !== undefined ? { name: body.name as string } : {}),
    ...(parent ? { parent } : {}),
    ...(body.description !== undefined ? { description: body.description as string | null } : {}),
    behavior: conflictBehavior(body['@microsoft.graph.conflictBehavior'] ?? call.query['@microsoft.graph.conflictBehavior'], 'fail'),
  }, call.claims.userId);
  return itemJson(call.ctx, call.drive, updated, itemView(call));
}

/** `parentReference.path` as Graph gives it: `/drive/root:/a/b` (or `/drives/{id}/root:…`). */
function byParentPath(call: DriveCall, path: string): ItemRow | undefined {
  const m = /^\/drives?(?:\/[^/]+)?\/root:?(.*)$/.exec(path);
  if (!m) return undefined;
  const r = resolvePath(call.ctx.db, rootOf(call.ctx.db, call.drive.id), m[1]!.split('/').filter(Boolean).map(decodeURIComponent));
  return r.item;
}

export async function removeItem(call: DriveCall, a: Address) {
  requireAny(call.claims, call.writeScopes);
  const row = itemOr404(call, a);
  checkIfMatch(call, row);
  await deleteItem(call.ctx, call.drive, row);
  return call.reply.code(204).send();
}
