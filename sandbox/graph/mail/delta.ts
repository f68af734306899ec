import type { FastifyInstance } from 'fastify';
import type { SandboxContext } from '../../core/context.js';
import { serveDelta, type DeltaItem, type DeltaSource } from '../delta/engine.js';
import { registerEpochKeeper, replaySettings } from '../delta/settings.js';
import { badRequest, itemNotFound } from '../http/errors.js';
import { graphRoute, type GraphCall } from '../http/route.js';
import { graphState } from '../state.js';
import type { DeltaState } from './deltaToken.js';
import { cachedStatement, folderByKey, mailboxRow } from './mailbox.js';
import { view } from './messages.js';
import type { TombstoneRow } from './rows.js';
import { messageSql, parseSelect, type ViewOptions } from './serialize.js';

// Mail keeps its epoch in its mailbox row, as it did before the engine existed.
registerEpochKeeper('mail', {
  read: (ctx, userId) => {
    const mb = mailboxRow(ctx.db, userId);
    return { epoch: mb?.delta_epoch ?? 0, evictCode: mb?.evict_code ?? null };
  },
  evict: (ctx, userId, code) => {
    ctx.db.prepare('UPDATE gm_mailbox SET delta_epoch = delta_epoch + 1, evict_code = ? WHERE user_id = ?').run(code, userId);
  },
});

type Item = { seq: number; j: string; dead?: undefined } | { seq: number; dead: TombstoneRow; j?: undefined };

function rows(ctx: SandboxContext, st: DeltaState, limit: number, v: ViewOptions): Item[] {
  const db = ctx.db;
  let msgSql = `SELECT seq, ${messageSql(v, true)} AS j FROM gm_message WHERE folder_id = ? AND seq > ? AND seq <= ?`;
  if (st.ct === 'created') msgSql += ` AND created_seq > ${st.b}`;
  if (st.ct === 'updated') msgSql += ` AND created_seq <= ${st.b}`;
  const msgs = st.ct === 'deleted' ? [] : (cachedStatement(db, `${msgSql} ORDER BY seq LIMIT ?`).all(st.sc, st.lo, st.hi, limit) as Array<{ seq: number; j: string }>);
  const dead = st.r && (!st.ct || st.ct === 'deleted')
    ? (cachedStatement(db, 'SELECT * FROM gm_tombstone WHERE folder_id = ? AND seq > ? AND seq <= ? ORDER BY seq LIMIT ?').all(st.sc, st.lo, st.hi, limit) as TombstoneRow[])
    : [];
  if (!dead.length) return msgs;
  const items: Item[] = [...msgs, ...dead.map((d) => ({ seq: d.seq, dead: d }))];
  return items.sort((a, b) => a.seq - b.seq).slice(0, limit);
}

/** A mail folder's messages as a delta source: one change sequence per mailbox, tombstones for removals. */
function mailSource(call: GraphCall): DeltaSource<DeltaState> {
  const { ctx, userId, query } = call;
  const folder = folderByKey(ctx.db, userId, call.params.folderId ?? '');
  if (!folder) throw itemNotFound();
  const mb = mailboxRow(ctx.db, userId)!;
  const type = '"@odata.type":"#microsoft.graph.message",';
  view(call); // acknowledges Prefer: IdType even on an empty page
  return {
    owner: userId, scope: folder.id,
    epoch: { epoch: mb.delta_epoch, evictCode: mb.evict_code },
    replays: replaySettings(ctx, 'mail', graphState(ctx).replays),
    context: 'Collection(message)',
    start() {
      const ct = query.changeType;
      if (ct !== undefined && ct !== 'created' && ct !== 'updated' && ct !== 'deleted') {
        throw badRequest(`Invalid changeType '${ct}'.`, 'ErrorInvalidUrlQuery');
      }
      const s = parseSelect(query.$select);
      return { u: userId, sc: folder.id, e: mb.delta_epoch, lo: 0, hi: mb.seq, b: 0, r: 0, ...(s ? { s } : {}), ...(ct ? { ct } : {}) };
    },
    // Tokens from before the engine named the folder `f`.
    adopt: (st) => (st.sc === undefined && 'f' in st ? { ...st, sc: (st as { f: string }).f } : st),
    nextRound: (st) => ({ ...st, lo: st.hi, b: st.hi, hi: mb.seq, r: 1 }),
    finish: (st) => ({ ...st, lo: st.hi }),
    page(st, limit): Array<DeltaItem<DeltaState>> {
      const v = view(call, st.s);
      return rows(ctx, st, limit, v).map((it) => ({
        json: it.j !== undefined
          ? it.j
          : `{${type}"id":${JSON.stringify(v.immutableIds ? it.dead.immutable_id : it.dead.id)},"@removed":{"reason":"deleted"}}`,
        after: { ...st, lo: it.seq },
      }));
    },
  };
}

export function registerDeltaRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  graphRoute(app, ctx, {
    method: 'GET', path: '/mailFolders/:folderId/messages/delta', permissions: ['Mail.ReadBasic'],
    handler: (call) => serveDelta(call, mailSource(call)),
  });
}
