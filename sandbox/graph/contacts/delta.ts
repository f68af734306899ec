import type { FastifyInstance } from 'fastify';
import type { SandboxContext } from '../../core/context.js';
import { serveDelta, type DeltaBase, type DeltaItem, type DeltaSource } from '../delta/engine.js';
import { registerEpochKeeper, replaySettings, tableEpochs } from '../delta/settings.js';
import { graphRoute, type GraphCall } from '../http/route.js';
import { cachedStatement } from '../mail/mailbox.js';
import { checkOptions } from '../odata/options.js';
import { contactSelect, folderOr404 } from './common.js';
import type { ContactRow } from './schema.js';
import { contactObject } from './serialize.js';

registerEpochKeeper('contacts', tableEpochs('contacts'));

/** A folder's delta state: the change range (lo, hi] still to page through, and the round's $select. */
interface ContactState extends DeltaBase {
  lo: number;
  hi: number;
  /** 1 once a deltaLink was followed: removals are reported only then (an initial round has none). */
  r: 0 | 1;
  s?: string[];
}

type Item = { seq: number; row: ContactRow; id?: undefined } | { seq: number; id: string; row?: undefined };

const TYPE = '"@odata.type":"#microsoft.graph.contact",';

function items(ctx: SandboxContext, folderId: string, st: ContactState, limit: number): Item[] {
  const rows = cachedStatement(ctx.db, 'SELECT * FROM gc_contact WHERE folder_id = ? AND seq > ? AND seq <= ? ORDER BY seq LIMIT ?')
    .all(folderId, st.lo, st.hi, limit) as ContactRow[];
  const tombs = st.r
    ? (cachedStatement(ctx.db, 'SELECT seq, id FROM gc_tomb WHERE folder_id = ? AND seq > ? AND seq <= ? ORDER BY seq LIMIT ?')
      .all(folderId, st.lo, st.hi, limit) as Array<{ seq: number; id: string }>)
    : [];
  if (!tombs.length) return rows.map((row) => ({ seq: row.seq, row }));
  const all: Item[] = [...rows.map((row) => ({ seq: row.seq, row })), ...tombs.map((t) => ({ seq: t.seq, id: t.id }))];
  return all.sort((a, b) => a.seq - b.seq).slice(0, limit);
}

/** A contact folder as a delta source: the owner's change sequence, tombstones for removals. */
function contactSource(call: GraphCall): DeltaSource<ContactState> {
  const { ctx, userId } = call;
  const folder = folderOr404(call);
  const seqNow = (ctx.db.prepare('SELECT seq FROM gc_owner WHERE user_id = ?').get(userId) as { seq: number }).seq;
  const epoch = tableEpochs('contacts').read(ctx, userId);
  return {
    owner: userId, scope: folder.id, epoch, replays: replaySettings(ctx, 'contacts'),
    context: 'Collection(contact)',
    start() {
      // Graph documents only $select for contact delta; anything else is refused, not ignored.
      checkOptions(call.query, ['$select']);
      const s = contactSelect(call.query.$select);
      return { u: userId, sc: folder.id, e: epoch.epoch, lo: 0, hi: seqNow, r: 0, ...(s ? { s } : {}) };
    },
    nextRound: (st) => ({ ...st, lo: st.hi, hi: seqNow, r: 1 }),
    finish: (st) => ({ ...st, lo: st.hi }),
    page(st, limit): Array<DeltaItem<ContactState>> {
      return items(ctx, folder.id, st, limit).map((it) => ({
        json: it.row
          ? `{${TYPE}${JSON.stringify(contactObject(it.row, st.s)).slice(1)}`
          : `{${TYPE}"id":${JSON.stringify(it.id)},"@removed":{"reason":"deleted"}}`,
        after: { ...st, lo: it.seq },
      }));
    },
  };
}

/** `/me/contacts/delta` is the default folder's; the v1.0 docs name only the per-folder form, so clients should use that. */
export function registerContactDeltaRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  for (const path of ['/contactFolders/:folderId/contacts/delta', '/contacts/delta']) {
    graphRoute(app, ctx, { method: 'GET', path, permissions: ['Contacts.Read'], handler: (call) => serveDelta(call, contactSource(call)) });
  }
}
