import type { SandboxContext } from '../../core/context.js';
import { openState, sealState } from '../delta/token.js';
import { registerEpochKeeper, replaySettings, tableEpochs } from '../delta/settings.js';
import { GraphError } from '../http/errors.js';
import type { Address } from './address.js';
import { allowOptions, itemOr404, itemView } from './common.js';
import { invalidRequest } from './errors.js';
import type { DriveCall } from './route.js';
import type { ItemRow, TombRow } from './schema.js';
import { deletedJson, itemJson } from './serialize.js';
import { fileSettings } from './settings.js';
import { ancestors, driveById, ensureUserDrive } from './store.js';

export const DRIVE_CODES = ['resyncChangesApplyDifferences', 'resyncChangesUploadDifferences', 'resyncRequired'] as const;

// Epochs per drive; `/control/delta/evict {resource: "drive", user}` names a user, meaning their OneDrive.
const epochs = tableEpochs('drive');
registerEpochKeeper('drive', {
  read: (ctx, driveId) => epochs.read(ctx, driveId),
  evict: (ctx, key, code) => epochs.evict(ctx, driveById(ctx.db, key)?.id ?? ensureUserDrive(ctx, key).id, code),
});

/** Ends every delta token of the drive: their next use is 410 with this code. */
export function evictDriveDelta(ctx: SandboxContext, driveId: string, code: (typeof DRIVE_CODES)[number]): void {
  epochs.evict(ctx, driveId, code as never);
}

/** A drive delta round: changes with seq in (lo, hi]; r = 1 once a deltaLink was followed (removals are reported then). */
interface DriveDeltaState {
  u: string;
  e: number;
  lo: number;
  hi: number;
  r: 0 | 1;
  /** n: a nextLink (same round); d: a deltaLink (the next round starts from it). */
  k: 'n' | 'd';
  /** when the token was issued, for the optional maximum age */
  t: number;
  ps: number;
  s?: string;
  x?: 1;
}

type Source = { seq: number; row: ItemRow; tomb?: undefined } | { seq: number; tomb: TombRow; row?: undefined };

function changes(call: DriveCall, st: DriveDeltaState, limit: number): Source[] {
  const db = call.ctx.db;
  const rows = db.prepare('SELECT * FROM gf_item WHERE drive_id = ? AND seq > ? AND seq <= ? ORDER BY seq LIMIT ?').all(call.drive.id, st.lo, st.hi, limit) as ItemRow[];
  const tombs = st.r ? db.prepare('SELECT * FROM gf_tomb WHERE drive_id = ? AND seq > ? AND seq <= ? ORDER BY seq LIMIT ?').all(call.drive.id, st.lo, st.hi, limit) as TombRow[] : [];
  const all: Source[] = [...rows.map((row) => ({ seq: row.seq, row })), ...tombs.map((tomb) => ({ seq: tomb.seq, tomb }))];
  return all.sort((a, b) => a.seq - b.seq).slice(0, limit);
}

function gone(code: string, fresh: string): GraphError {
  return new GraphError(410, code, 'The delta token is no longer valid; start a new enumeration from the Location header.', { Location: fresh });
}

const roll = (r: { mode: string; probability: number }) => r.mode === 'always' || (r.mode === 'random' && Math.random() < r.probability);

/** The state a token carries: the same round for a nextLink, the next round for a deltaLink; or why it cannot be used. */
function resume(call: DriveCall, token: string, fresh: string): DriveDeltaState {
  const ctx = call.ctx;
  const drive = driveById(ctx.db, call.drive.id)!;
  const epoch = epochs.read(ctx, drive.id);
  const opened = openState<DriveDeltaState>(ctx.db, token);
  if (!opened) {
    if (!Number.isNaN(Date.parse(token)) && /^\d{4}-/.test(token)) throw invalidRequest('Timestamp delta tokens are not supported by the sandbox tenant.');
    throw gone('resyncRequired', fresh);
  }
  if (opened.u !== drive.id) throw invalidRequest('The delta token was issued for another drive.');
  if (opened.e !== epoch.epoch) {
    throw gone((DRIVE_CODES as readonly string[]).includes(epoch.evictCode ?? '') ? epoch.evictCode! : 'resyncChangesApplyDifferences', fresh);
  }
  const maxAge = fileSettings(ctx).deltaTokenMaxAgeMs;
  if (maxAge > 0 && ctx.now() - opened.t > maxAge) throw gone('resyncChangesApplyDifferences', fresh);
  if (opened.k === 'n') return opened;
  const { x: _served, ...rest } = opened;
  return { ...rest, lo: opened.hi, hi: drive.seq, r: 1, k: 'n' };
}

/**
 * GET /root/delta, as OneDrive for Business serves it: the whole hierarchy first, then what
 * changed; `?token=` (or `delta(token='…')`) carries the sealed cursor in both nextLink and
 * deltaLink; `token=latest` answers no items and a deltaLink from now. Removed items carry the
 * `deleted` facet; the parents of changed items come first unless `deltaExcludeParent` is sent;
 * parentReference has no path. An evicted or expired token is 410 with a resync code and a
 * Location to start over; a token the sandbox never issued is 410 resyncRequired.
 */
export function delta(call: DriveCall, a: Address) {
  allowOptions(call, ['$select', '$top']);
  const root = itemOr404(call, a);
  if (root.parent_id !== null) throw invalidRequest('Delta is only supported on the root folder of OneDrive for Business and SharePoint drives.');
  const ctx = call.ctx;
  const drive = driveById(ctx.db, call.drive.id)!;
  const path = call.req.url.split('?')[0]!.replace(/\(.*\)$/, '').replace(/%28.*$/i, '');
  const fresh = `${call.base}${path}`;
  const link = (st: DriveDeltaState) => `${fresh}?token=${sealState(ctx.db, { ...st, t: ctx.now() })}`;
  const epoch = epochs.read(ctx, drive.id);
  const token = a.args?.token ?? call.query.token;
  const settings = fileSettings(ctx);
  let st: DriveDeltaState;
  if (token === 'latest') {
    const now: DriveDeltaState = { u: drive.id, e: epoch.epoch, lo: drive.seq, hi: drive.seq, r: 1, k: 'd', t: 0, ps: settings.deltaPageSize };
    return { '@odata.context': `${call.base}/v1.0/$metadata#Collection(driveItem)`, '@odata.deltaLink': link(now), value: [] };
  }
  if (token) {
    st = resume(call, token, fresh);
  } else {
    const top = call.query.$top === undefined ? settings.deltaPageSize : Number(call.query.$top);
    if (!Number.isInteger(top) || top < 1) throw invalidRequest(`Invalid value '${call.query.$top}' for $top.`);
    st = { u: drive.id, e: epoch.epoch, lo: 0, hi: drive.seq, r: 0, k: 'n', t: 0, ps: Math.min(top, 1000), ...(call.query.$select ? { s: call.query.$select } : {}) };
  }
  const replays = replaySettings(ctx, 'drive');
  const body: Record<string, unknown> = { '@odata.context': `${call.base}/v1.0/$metadata#Collection(driveItem)` };
  // Graph may hand out an empty page that still has a nextLink (at most once per round here).
  if (replays.emptyPages && !st.x && roll(replays)) return { ...body, '@odata.nextLink': link({ ...st, x: 1 }), value: [] };
  const found = changes(call, st, st.ps + 1);
  const shown = found.slice(0, st.ps);
  const v = { ...itemView(call, { select: st.s }), noPath: true };
  const withParents = call.req.headers.deltaexcludeparent === undefined;
  const emitted = new Set<string>();
  const value: Array<Record<string, unknown>> = [];
  for (const s of shown) {
    if (s.tomb) {
      value.push(deletedJson(drive, s.tomb));
      continue;
    }
    const chain = withParents ? ancestors(ctx.db, s.row).reverse() : [];
    for (const r of [...chain, s.row]) {
      if (emitted.has(r.id)) continue;
      emitted.add(r.id);
      value.push(itemJson(ctx, drive, r, v));
    }
  }
  if (found.length > st.ps) {
    const back = Math.min(2, shown.length - 1);
    const at = back >= 1 && roll(replays) ? shown.length - 1 - back : shown.length - 1;
    body['@odata.nextLink'] = link({ ...st, lo: shown[at]!.seq, k: 'n', x: 1 });
  } else {
    body['@odata.deltaLink'] = link({ ...st, lo: st.hi, k: 'd', x: 1 });
  }
  body.value = value;
  return body;
}
