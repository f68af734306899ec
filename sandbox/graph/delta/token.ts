import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { SandboxDb } from '../../core/db.js';

const keys = new WeakMap<SandboxDb, Buffer>();

/**
 * One AES key per database seals every resource's skip and delta tokens. Mail sealed with a key
 * in its own table before the engine existed; that key is adopted so deltaLinks clients stored
 * against an older data directory keep working.
 */
function key(db: SandboxDb): Buffer {
  let k = keys.get(db);
  if (k) return k;
  let inherited: string | undefined;
  try {
    inherited = (db.prepare("SELECT value FROM gm_meta WHERE key = 'delta_token_key'").get() as { value: string } | undefined)?.value;
  } catch {
    inherited = undefined;
  }
  db.prepare('INSERT OR IGNORE INTO gd_meta (key, value) VALUES (?, ?)').run('delta_token_key', inherited ?? randomBytes(32).toString('hex'));
  const row = db.prepare('SELECT value FROM gd_meta WHERE key = ?').get('delta_token_key') as { value: string };
  k = Buffer.from(row.value, 'hex');
  keys.set(db, k);
  return k;
}

/** Seals a delta state with AES-GCM: opaque to clients, and any tampering makes it unreadable. */
export function sealState(db: SandboxDb, state: object): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key(db), iv);
  const data = Buffer.concat([cipher.update(JSON.stringify(state), 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), data]).toString('base64url');
}

/** Null for anything that was not sealed by this sandbox. */
export function openState<T>(db: SandboxDb, token: string): T | null {
  try {
    const raw = Buffer.from(token, 'base64url');
    if (raw.length < 29) return null;
    const decipher = createDecipheriv('aes-256-gcm', key(db), raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    const json = Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
    return JSON.parse(json) as T;
  } catch {
    return null;
  }
}
