import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { SandboxDb } from '../../core/db.js';

/** What a skip or delta token carries. Sealed with AES-GCM so clients cannot read or forge it. */
export interface DeltaState {
  /** mailbox owner and folder */
  u: string;
  f: string;
  /** mailbox delta epoch: bumped when the control API evicts sync state */
  e: number;
  /** (lo, hi]: the change sequence window still to be paged through */
  lo: number;
  hi: number;
  /** sequence the round started from; 0 for an initial round */
  b: number;
  /** whether this round reports @removed items (not the initial round) */
  r: 0 | 1;
  s?: string[];
  ct?: 'created' | 'updated' | 'deleted';
  /** an empty page has already been served in this round */
  x?: 1;
}

const keys = new WeakMap<SandboxDb, Buffer>();

function key(db: SandboxDb): Buffer {
  let k = keys.get(db);
  if (k) return k;
  db.prepare('INSERT OR IGNORE INTO gm_meta (key, value) VALUES (?, ?)').run('delta_token_key', randomBytes(32).toString('hex'));
  const row = db.prepare('SELECT value FROM gm_meta WHERE key = ?').get('delta_token_key') as { value: string };
  k = Buffer.from(row.value, 'hex');
  keys.set(db, k);
  return k;
}

export function sealToken(db: SandboxDb, state: DeltaState): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key(db), iv);
  const data = Buffer.concat([cipher.update(JSON.stringify(state), 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), data]).toString('base64url');
}

/** Null for anything that was not sealed by this sandbox. */
export function openToken(db: SandboxDb, token: string): DeltaState | null {
  try {
    const raw = Buffer.from(token, 'base64url');
    if (raw.length < 29) return null;
    const decipher = createDecipheriv('aes-256-gcm', key(db), raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    const json = Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
    return JSON.parse(json) as DeltaState;
  } catch {
    return null;
  }
}
