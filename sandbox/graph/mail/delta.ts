import type { FastifyInstance } from 'fastify';
import type { SandboxContext } from '../../core/context.js';
import { GraphError, badRequest, itemNotFound } from '../http/errors.js';
import { applyPreference } from '../http/prefer.js';
import { graphBase, graphRoute, type GraphCall } from '../http/route.js';
import { graphState } from '../state.js';
import { openToken, sealToken, type DeltaState } from './deltaToken.js';
import { cachedStatement, folderByKey, mailboxRow } from './mailbox.js';
import { view } from './messages.js';
import type { TombstoneRow } from './rows.js';
import { messageSql, parseSelect, type ViewOptions } from './serialize.js';

const DEFAULT_PAGE = 10;
const MAX_PAGE = 1000;

type Item = { seq: number; j: string; dead?: undefined } | { seq: number; dead: TombstoneRow; j?: undefined };

function startState(call: GraphCall, userId: string, folderId: string, epoch: number, seq: number): DeltaState {
  const ct = call.query.changeType;
  if (ct !== undefined && ct !== 'created' && ct !== 'updated' && ct !== 'deleted') {
    throw badRequest(`Invalid changeType '${ct}'.`, 'ErrorInvalidUrlQuery');
  }
  const s = parseSelect(call.query.$select);
  return { u: userId, f: folderId, e: epoch, lo: 0, hi: seq, b: 0, r: 0, ...(s ? { s } : {}), ...(ct ? { ct } : {}) };
}

function resumeState(call: GraphCall, token: string, kind: 'skip' | 'delta', folderId: string, epoch: number, evictCode: string | null, seq: number): DeltaState {
  const st = openToken(call.ctx.db, token);
  if (!st || st.u !== call.userId || st.f !== folderId) throw badRequest('The sync state is not valid for this request.', 'ErrorInvalidSyncStateData');
  if (st.e !== epoch) {
    const fresh = `${graphBase(call.ctx, call.req)}${call.req.url.split('?')[0]}`;
    throw new GraphError(410, evictCode ?? 'syncStateNotFound', 'The sync state generation is no longer available; a full resync is required.', { Location: fresh });
  }
  if (kind === 'skip') return st;
  const { x: _served, ...rest } = st;
  return { ...rest, lo: st.hi, b: st.hi, hi: seq, r: 1 };
}

function page(ctx: SandboxContext, st: DeltaState, size: number, v: ViewOptions): Item[] {
  const db = ctx.db;
  let msgSql = `SELECT seq, ${messageSql(v, true)} AS j FROM gm_message WHERE folder_id = ? AND seq > ? AND seq <= ?`;
  if (st.ct === 'created') msgSql += ` AND created_seq > ${st.b}`;
  if (st.ct === 'updated') msgSql += ` AND created_seq <= ${st.b}`;
  const msgs = st.ct === 'deleted' ? [] : (cachedStatement(db, `${msgSql} ORDER BY seq LIMIT ?`).all(st.f, st.lo, st.hi, size + 1) as Array<{ seq: number; j: string }>);
  const dead = st.r && (!st.ct || st.ct === 'deleted')
    ? (cachedStatement(db, 'SELECT * FROM gm_tombstone WHERE folder_id = ? AND seq > ? AND seq <= ? ORDER BY seq LIMIT ?').all(st.f, st.lo, st.hi, size + 1) as TombstoneRow[])
    : [];
  if (!dead.length) return msgs;
  const items: Item[] = [...msgs, ...dead.map((d) => ({ seq: d.seq, dead: d }))];
  return items.sort((a, b) => a.seq - b.seq).slice(0, size + 1);
}

function deltaHandler(call: GraphCall) {
  const { ctx, userId, prefs, query } = call;
  const folder = folderByKey(ctx.db, userId, call.params.folderId ?? '');
  if (!folder) throw itemNotFound();
  const mb = mailboxRow(ctx.db, userId)!;
  let st: DeltaState;
  if (query.$skiptoken) st = resumeState(call, query.$skiptoken, 'skip', folder.id, mb.delta_epoch, mb.evict_code, mb.seq);
  else if (query.$deltatoken) st = resumeState(call, query.$deltatoken, 'delta', folder.id, mb.delta_epoch, mb.evict_code, mb.seq);
  else st = startState(call, userId, folder.id, mb.delta_epoch, mb.seq);

  let size = DEFAULT_PAGE;
  if (prefs.maxPageSize) {
    size = Math.min(prefs.maxPageSize, MAX_PAGE);
    applyPreference(call.reply, `odata.maxpagesize=${size}`);
  }
  const v = view(call, st.s);
  const link = (param: string, next: DeltaState) =>
    `${graphBase(ctx, call.req)}${call.req.url.split('?')[0]}?${param}=${sealToken(ctx.db, next)}`;
  const body: Record<string, unknown> = { '@odata.context': `${graphBase(ctx, call.req)}/v1.0/$metadata#Collection(message)` };
  const replays = graphState(ctx).replays;

  // Graph may hand out an empty page that still has a nextLink; clients must keep following.
  if (replays.emptyPages && !st.x && (replays.mode === 'always' || (replays.mode === 'random' && Math.random() < replays.probability))) {
    body.value = [];
    body['@odata.nextLink'] = link('$skiptoken', { ...st, x: 1 });
    return body;
  }

  const items = page(ctx, st, size, v);
  const shown = items.slice(0, size);
  const type = '"@odata.type":"#microsoft.graph.message",';
  const values = shown.map((it) =>
    it.j !== undefined
      ? it.j
      : `{${type}"id":${JSON.stringify(v.immutableIds ? it.dead.immutable_id : it.dead.id)},"@removed":{"reason":"deleted"}}`,
  );
  if (items.length > size) {
    let lo = shown[shown.length - 1]!.seq;
    // Replays: like Exchange, a page boundary may fall back a little so items repeat on the next page.
    const replay = replays.mode === 'always' || (replays.mode === 'random' && Math.random() < replays.probability);
    const back = Math.min(2, shown.length - 1);
    if (replay && back >= 1) lo = shown[shown.length - 1 - back]!.seq;
    body['@odata.nextLink'] = link('$skiptoken', { ...st, lo, x: 1 });
  } else {
    body['@odata.deltaLink'] = link('$deltatoken', { ...st, lo: st.hi, x: 1 });
  }
  // The page is assembled as text: messages are already JSON, so nothing is parsed twice. A
  // Buffer spares the server measuring and encoding a megabyte-sized string twice.
  const head = JSON.stringify(body);
  call.reply.type('application/json; charset=utf-8');
  return Buffer.from(`${head.slice(0, -1)},"value":[${values.join(',')}]}`);
}

export function registerDeltaRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  graphRoute(app, ctx, { method: 'GET', path: '/mailFolders/:folderId/messages/delta', permissions: ['Mail.ReadBasic'], handler: deltaHandler });
}
