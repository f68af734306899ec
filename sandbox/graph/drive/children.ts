import { openState, sealState } from '../delta/token.js';
import type { Address } from './address.js';
import { allowOptions, conflictBehavior, expansions, itemOr404, itemsContext, itemView, resolve } from './common.js';
import { driveNotFound, invalidRequest } from './errors.js';
import { requireAny } from './scopes.js';
import { readJson, type DriveCall } from './route.js';
import type { ItemRow } from './schema.js';
import { checkName } from './names.js';
import { itemJson } from './serialize.js';
import { itemById } from './store.js';
import { createFolder, ensureFolders } from './write.js';

const DEFAULT_PAGE = 200;
const MAX_PAGE = 1000;
const ORDERABLE: Record<string, string> = { name: 'name_key', lastmodifieddatetime: 'modified', createddatetime: 'created', size: 'size' };

interface Page { top: number; offset: number; order?: string; select?: string; thumbnails?: 1 }

function orderSql(raw: string | undefined): string {
  if (!raw) return 'name_key ASC, pk ASC';
  const [field = '', dir = 'asc'] = raw.trim().split(/\s+/);
  const col = ORDERABLE[field.toLowerCase()];
  if (!col || !/^(asc|desc)$/i.test(dir)) throw invalidRequest(`The $orderby '${raw}' is not supported.`);
  return `${col} ${dir.toUpperCase()}, pk ${dir.toUpperCase()}`;
}

/** One page of a folder's children, in the requested order. */
export function listChildren(call: DriveCall, parent: ItemRow, p: Page): { value: Array<Record<string, unknown>>; more: boolean } {
  const rows = call.ctx.db.prepare(`SELECT * FROM gf_item WHERE parent_id = ? ORDER BY ${orderSql(p.order)} LIMIT ? OFFSET ?`)
    .all(parent.id, p.top + 1, p.offset) as ItemRow[];
  const v = itemView(call, { select: p.select });
  const json = (r: ItemRow) => (p.thumbnails ? { ...itemJson(call.ctx, call.drive, r, v), thumbnails: [] } : itemJson(call.ctx, call.drive, r, v));
  return { value: rows.slice(0, p.top).map(json), more: rows.length > p.top };
}

/**
 * GET …/children: `$top` (default 200), `$orderby` (name, lastModifiedDateTime, createdDateTime,
 * size), `$select`, `$expand=thumbnails` (always empty here), `$skiptoken` pages.
 */
export function getChildren(call: DriveCall, a: Address) {
  allowOptions(call, ['$top', '$select', '$orderby', '$skiptoken', '$expand']);
  const thumbnails = expansions(call, ['thumbnails']).has('thumbnails');
  const parent = itemOr404(call, a);
  if (!parent.is_folder) throw driveNotFound('Item is not a folder');
  let page: Page;
  if (call.query.$skiptoken) {
    const st = openState<Page & { p: string }>(call.ctx.db, call.query.$skiptoken);
    if (!st || st.p !== parent.id) throw invalidRequest('The $skiptoken is not valid for this request.');
    page = st;
  } else {
    const top = call.query.$top === undefined ? DEFAULT_PAGE : Number(call.query.$top);
    if (!Number.isInteger(top) || top < 1) throw invalidRequest(`Invalid value '${call.query.$top}' for $top.`);
    orderSql(call.query.$orderby);
    page = {
      top: Math.min(top, MAX_PAGE), offset: 0, ...(call.query.$orderby ? { order: call.query.$orderby } : {}),
      ...(call.query.$select ? { select: call.query.$select } : {}), ...(thumbnails ? { thumbnails: 1 as const } : {}),
    };
  }
  const { value, more } = listChildren(call, parent, page);
  const body: Record<string, unknown> = { '@odata.context': itemsContext(call, `items('${parent.id}')/children`) };
  if (more) {
    const token = sealState(call.ctx.db, { ...page, p: parent.id, offset: page.offset + page.top });
    body['@odata.nextLink'] = `${call.base}${call.req.url.split('?')[0]}?$skiptoken=${token}`;
  }
  body.value = value;
  return body;
}

/** POST …/children: a new folder (`folder: {}`); conflictBehavior fail (default, 409), rename or replace. */
export async function postChildren(call: DriveCall, a: Address) {
  requireAny(call.claims, call.writeScopes);
  const body = await readJson(call.req);
  const r = resolve(call, a);
  if (!r.item) throw driveNotFound('Item not found');
  if (!r.item.is_folder) throw invalidRequest('Children can only be created in a folder.');
  if (body.folder === undefined || body.folder === null || typeof body.folder !== 'object') {
    throw invalidRequest(body.file !== undefined ? 'A file is created by uploading its content (PUT …/content).' : "A folder needs the 'folder' facet.");
  }
  if (typeof body.name !== 'string') throw invalidRequest("The 'name' property is required.");
  const behavior = conflictBehavior(body['@microsoft.graph.conflictBehavior'] ?? call.query['@microsoft.graph.conflictBehavior'], 'fail');
  const row = await createFolder(call.ctx, call.drive, r.item, body.name, behavior, call.claims.userId);
  call.reply.code(201);
  return itemJson(call.ctx, call.drive, row, itemView(call));
}

/**
 * Where an upload lands: the file the address names, or a new name in a folder (folders missing
 * on the path are made, as OneDrive does). A path naming a folder is a name conflict.
 */
export async function uploadTarget(call: DriveCall, a: Address): Promise<{ existing?: ItemRow; parent?: ItemRow; name?: string }> {
  const r = resolve(call, a);
  if (r.item && !r.item.is_folder) return { existing: r.item };
  if (r.item) {
    if (!a.path?.length || r.item.parent_id === null) throw invalidRequest('Content can only be uploaded to a file.');
    return { parent: itemById(call.ctx.db, r.item.parent_id)!, name: r.item.name };
  }
  for (const name of r.missing) checkName(name);
  const names = [...r.missing];
  const name = names.pop()!;
  const parent = await ensureFolders(call.ctx, call.drive, r.parent, names, call.claims.userId);
  return { parent, name };
}
