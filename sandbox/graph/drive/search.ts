import { openState, sealState } from '../delta/token.js';
import type { Address } from './address.js';
import { allowOptions, itemOr404, itemsContext, itemView } from './common.js';
import { invalidRequest } from './errors.js';
import type { DriveCall } from './route.js';
import type { ItemRow } from './schema.js';
import { itemJson } from './serialize.js';

/**
 * `search(q='…')` on the root (or a folder: its subtree). The sandbox matches names only, every
 * word of the query as a case-insensitive substring; Graph also searches metadata and content and
 * ranks by relevance. Results are ordered by name, 200 a page, with `$skiptoken` nextLinks.
 */
export function search(call: DriveCall, a: Address) {
  allowOptions(call, ['$top', '$select', '$skiptoken']);
  const scope = itemOr404(call, a);
  let st: { q: string; o: number; t: number; s?: string; p: string };
  if (call.query.$skiptoken) {
    const opened = openState<typeof st>(call.ctx.db, call.query.$skiptoken);
    if (!opened || opened.p !== scope.id) throw invalidRequest('The $skiptoken is not valid for this request.');
    st = opened;
  } else {
    const q = a.args?.q;
    if (q === undefined) throw invalidRequest("search needs the parameter q: search(q='text').");
    const top = call.query.$top === undefined ? 200 : Number(call.query.$top);
    if (!Number.isInteger(top) || top < 1) throw invalidRequest(`Invalid value '${call.query.$top}' for $top.`);
    st = { q, o: 0, t: Math.min(top, 1000), p: scope.id, ...(call.query.$select ? { s: call.query.$select } : {}) };
  }
  const words = st.q.toLowerCase().split(/\s+/).filter(Boolean);
  const like = words.map(() => 'AND name_key LIKE ? ESCAPE \'\\\'').join(' ');
  const params = words.map((w) => `%${w.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  const rows = call.ctx.db.prepare(`WITH RECURSIVE sub(id) AS (SELECT id FROM gf_item WHERE parent_id = ?
      UNION ALL SELECT i.id FROM gf_item i JOIN sub ON i.parent_id = sub.id)
    SELECT gf_item.* FROM sub JOIN gf_item ON gf_item.id = sub.id WHERE 1 = 1 ${like} ORDER BY name_key, pk LIMIT ? OFFSET ?`)
    .all(scope.id, ...params, st.t + 1, st.o) as ItemRow[];
  const v = { ...itemView(call, { select: st.s }), noPath: true };
  const body: Record<string, unknown> = { '@odata.context': itemsContext(call, 'items') };
  if (rows.length > st.t) body['@odata.nextLink'] = `${call.base}${call.req.url.split('?')[0]}?$skiptoken=${sealState(call.ctx.db, { ...st, o: st.o + st.t })}`;
  body.value = rows.slice(0, st.t).map((r) => ({ ...itemJson(call.ctx, call.drive, r, v), searchResult: {} }));
  return body;
}
