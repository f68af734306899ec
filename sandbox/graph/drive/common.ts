import { sealState } from '../delta/token.js';
import { driveNotFound, invalidRequest, resourceModified } from './errors.js';
import type { Address } from './address.js';
import { cTagOf, eTagOf } from './ids.js';
import type { DriveCall } from './route.js';
import type { ConflictBehavior, ItemRow } from './schema.js';
import { parseSelect, type ItemView } from './serialize.js';
import { itemById, resolvePath, rootOf, type Resolved } from './store.js';
import { fileSettings } from './settings.js';

/** The item an address names, or the deepest existing folder and the names missing below it. */
export function resolve(call: DriveCall, a: Address): Resolved {
  let start: ItemRow | undefined;
  if (a.base === 'item') {
    start = itemById(call.ctx.db, a.itemId!);
    if (!start || start.drive_id !== call.drive.id) throw driveNotFound('Item not found');
  } else {
    start = rootOf(call.ctx.db, call.drive.id);
  }
  return a.path?.length ? resolvePath(call.ctx.db, start, a.path) : { item: start };
}

export function itemOr404(call: DriveCall, a: Address): ItemRow {
  const r = resolve(call, a);
  if (!r.item) throw driveNotFound('Item not found');
  return r.item;
}

/** `If-Match` with the item's eTag or cTag (or `*`); anything else is 412 and nothing changes. */
export function checkIfMatch(call: DriveCall, row: ItemRow): void {
  const header = call.req.headers['if-match'];
  if (header === undefined) return;
  const tags = (Array.isArray(header) ? header : [header]).flatMap((h) => h.split(/,(?=\s*(?:W\/)?")/)).map((t) => t.trim().replace(/^W\//, ''));
  const current = [eTagOf(row.guid, row.e_ver), cTagOf(row.guid, row.c_ver)];
  if (!tags.some((t) => t === '*' || current.includes(t))) throw resourceModified();
}

export function conflictBehavior(raw: unknown, fallback: ConflictBehavior): ConflictBehavior {
  if (raw === undefined || raw === null || raw === '') return fallback;
  if (raw === 'fail' || raw === 'rename' || raw === 'replace') return raw;
  throw invalidRequest(`Invalid value '${String(raw)}' for @microsoft.graph.conflictBehavior.`);
}

/** A pre-authenticated, short-lived URL for the item's content, served on the Graph host without a token. */
export function downloadUrl(call: DriveCall, row: ItemRow): string {
  const token = sealState(call.ctx.db, { i: row.id, x: call.ctx.now() + fileSettings(call.ctx).downloadUrlTtlMs });
  return `${call.base}/_layouts/15/download.aspx?UniqueId=${row.guid.toLowerCase()}&tempauth=${token}`;
}

export function itemView(call: DriveCall, opts: { download?: boolean; select?: string } = {}): ItemView {
  const select = parseSelect(opts.select);
  return {
    pathBase: call.pathBase, paths: new Map(),
    ...(select ? { select } : {}),
    ...(opts.download ? { downloadUrl: (row: ItemRow) => downloadUrl(call, row) } : {}),
  };
}

/** `@odata.context` for the drive's items. */
export const itemsContext = (call: DriveCall, suffix: string): string => `${call.base}/v1.0/$metadata#drives('${call.drive.id}')/${suffix}`;

/** Refuses `$` options a files endpoint does not evaluate, rather than answering as if it had. */
export function allowOptions(call: DriveCall, allowed: readonly string[]): void {
  for (const name of Object.keys(call.query)) {
    if (name.startsWith('$') && !allowed.includes(name)) throw invalidRequest(`The query option '${name}' is not supported here.`);
  }
}

/** The `$expand` names asked for, each one of `allowed` (anything else is 400). */
export function expansions(call: DriveCall, allowed: readonly string[]): Set<string> {
  const names = (call.query.$expand ?? '').split(',').map((n) => n.trim().toLowerCase()).filter(Boolean);
  for (const n of names) if (!allowed.includes(n)) throw invalidRequest(`$expand=${n} is not supported here.`);
  return new Set(names);
}
