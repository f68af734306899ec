import type { DeltaBase } from '../delta/engine.js';

/** What a mail skip or delta token carries (sealed by the delta engine). `sc` is the folder id. */
export interface DeltaState extends DeltaBase {
  /** (lo, hi]: the change sequence window still to be paged through */
  lo: number;
  hi: number;
  /** sequence the round started from; 0 for an initial round */
  b: number;
  /** whether this round reports @removed items (not the initial round) */
  r: 0 | 1;
  s?: string[];
  ct?: 'created' | 'updated' | 'deleted';
}
