import { GraphError, badRequest } from '../http/errors.js';
import { applyPreference } from '../http/prefer.js';
import { graphBase, type GraphCall } from '../http/route.js';
import type { ReplaySettings } from '../state.js';
import { openState, sealState } from './token.js';

export const DEFAULT_PAGE = 10;
export const MAX_PAGE = 1000;

/** What every resource's delta state carries; the rest is the resource's own cursor. */
export interface DeltaBase {
  /** owner (user id) and scope (folder, calendar + window, ...) the token was issued for */
  u: string;
  sc: string;
  /** the owner's epoch for this resource when the round started */
  e: number;
  /** an empty page has already been served in this round */
  x?: 1;
}

/** One item of a page: its JSON text, and the state that resumes right after it. */
export interface DeltaItem<S> {
  json: string;
  after: S;
}

/**
 * A resource plugged into the engine. The engine owns tokens, epochs (410), page size, replays,
 * empty pages, links and the response; the source owns what a page holds.
 */
export interface DeltaSource<S extends DeltaBase> {
  owner: string;
  scope: string;
  epoch: { epoch: number; evictCode: string | null };
  replays: ReplaySettings;
  /** `$metadata#...` fragment of the response's @odata.context */
  context: string;
  /** A fresh initial state from the request's query (throws 400 for options it refuses). */
  start(): S;
  /** The state of a new round, from the state a deltaLink carried. */
  nextRound(st: S): S;
  /** Up to `limit` items from `st` on, in order. */
  page(st: S, limit: number): Array<DeltaItem<S>>;
  /** The state the round's deltaLink carries. */
  finish(st: S): S;
  /** Query string a fresh round needs (calendarView keeps its window), for the 410's Location. */
  freshQuery?(st: S): string;
  /** Upgrades a state sealed by an older sandbox, so stored deltaLinks survive an upgrade. */
  adopt?(st: S): S;
}

function resume<S extends DeltaBase>(call: GraphCall, src: DeltaSource<S>, token: string, kind: 'skip' | 'delta'): S {
  const opened = openState<S>(call.ctx.db, token);
  const st = opened && src.adopt ? src.adopt(opened) : opened;
  if (!st || st.u !== src.owner || st.sc !== src.scope) throw badRequest('The sync state is not valid for this request.', 'ErrorInvalidSyncStateData');
  if (st.e !== src.epoch.epoch) {
    const query = src.freshQuery?.(st);
    const fresh = `${graphBase(call.ctx, call.req)}${call.req.url.split('?')[0]}${query ? `?${query}` : ''}`;
    throw new GraphError(410, src.epoch.evictCode ?? 'syncStateNotFound', 'The sync state generation is no longer available; a full resync is required.', { Location: fresh });
  }
  if (kind === 'skip') return st;
  const { x: _served, ...rest } = st;
  return src.nextRound(rest as S);
}

const roll = (r: ReplaySettings) => r.mode === 'always' || (r.mode === 'random' && Math.random() < r.probability);

/** Serves one delta page for any resource; answers with a Buffer of JSON. */
export function serveDelta<S extends DeltaBase>(call: GraphCall, src: DeltaSource<S>): Buffer {
  const { ctx, prefs, query } = call;
  let st: S;
  if (query.$skiptoken) st = resume(call, src, query.$skiptoken, 'skip');
  else if (query.$deltatoken) st = resume(call, src, query.$deltatoken, 'delta');
  else st = src.start();

  let size = DEFAULT_PAGE;
  if (prefs.maxPageSize) {
    size = Math.min(prefs.maxPageSize, MAX_PAGE);
    applyPreference(call.reply, `odata.maxpagesize=${size}`);
  }
  const base = graphBase(ctx, call.req);
  const link = (param: string, next: S) => `${base}${call.req.url.split('?')[0]}?${param}=${sealState(ctx.db, next)}`;
  const body: Record<string, unknown> = { '@odata.context': `${base}/v1.0/$metadata#${src.context}` };
  const send = (values: string[]) => {
    // Assembled as text: items are JSON already, so nothing is parsed or stringified twice.
    const head = JSON.stringify(body);
    call.reply.type('application/json; charset=utf-8');
    return Buffer.from(`${head.slice(0, -1)},"value":[${values.join(',')}]}`);
  };

  // Graph may hand out an empty page that still has a nextLink; clients must keep following.
  if (src.replays.emptyPages && !st.x && roll(src.replays)) {
    body['@odata.nextLink'] = link('$skiptoken', { ...st, x: 1 });
    return send([]);
  }
  const items = src.page(st, size + 1);
  const shown = items.slice(0, size);
  if (items.length > size) {
    let after = shown[shown.length - 1]!.after;
    // Replays: like Exchange, a page boundary may fall back a little so items repeat on the next page.
    const back = Math.min(2, shown.length - 1);
    if (back >= 1 && roll(src.replays)) after = shown[shown.length - 1 - back]!.after;
    body['@odata.nextLink'] = link('$skiptoken', { ...after, x: 1 });
  } else {
    body['@odata.deltaLink'] = link('$deltatoken', { ...src.finish(st), x: 1 });
  }
  return send(shown.map((i) => i.json));
}
