import { randomBytes } from 'node:crypto';
import { pooledBytes as bytes } from '../../core/randomPool.js';
import { newChangeKey } from '../mail/ids.js';

/**
 * Event ids look like Exchange's: long opaque base64. An occurrence has no row of its own; its
 * id is its series master's id with the occurrence's original start folded in, so it is stable
 * for as long as the series is, and maps back to (master, original start) without a lookup table.
 */
export const newEventId = () => `AAMkAGI2${bytes(105).toString('base64url')}AAA=`;
export const newCalendarId = () => `AAMkAGI2${randomBytes(72).toString('base64url')}AAA=`;
export { newChangeKey };

const EVENT_ID_LENGTH = newEventId().length;

export function occurrenceId(masterId: string, originalStart: number): string {
  const b = Buffer.alloc(8);
  b.writeBigInt64BE(BigInt(originalStart));
  return `${masterId.slice(0, -1)}${b.toString('base64url')}=`;
}

export function parseOccurrenceId(id: string): { masterId: string; originalStart: number } | null {
  if (id.length !== EVENT_ID_LENGTH + 11 || !id.endsWith('=')) return null;
  const raw = Buffer.from(id.slice(EVENT_ID_LENGTH - 1, -1), 'base64url');
  if (raw.length !== 8) return null;
  return { masterId: `${id.slice(0, EVENT_ID_LENGTH - 1)}=`, originalStart: Number(raw.readBigInt64BE()) };
}

/**
 * Exchange's GlobalObjectId, hex: a fixed class id, then the instance date (zero for a series
 * or single event), then a random part. So each occurrence's iCalUId differs, as Graph documents.
 */
export const newICalUId = () => `040000008200E00074C5B7101A82E00800000000${bytes(8).toString('hex').toUpperCase()}00000000000000001000000${bytes(16).toString('hex').toUpperCase()}`;

export function occurrenceICalUId(seriesUid: string, originalStart: number): string {
  const d = new Date(originalStart);
  const y = d.getUTCFullYear();
  const date = `${(y >> 8).toString(16).padStart(2, '0')}${(y & 255).toString(16).padStart(2, '0')}${(d.getUTCMonth() + 1).toString(16).padStart(2, '0')}${d.getUTCDate().toString(16).padStart(2, '0')}`.toUpperCase();
  return `${seriesUid.slice(0, 32)}${date}${seriesUid.slice(40)}`;
}

export function joinUrl(tenantId: string, organizerId: string): string {
  const thread = `19%3ameeting_${randomBytes(36).toString('base64url').replace(/[-_]/g, 'x')}%40thread.v2`;
  const context = encodeURIComponent(JSON.stringify({ Tid: tenantId, Oid: organizerId })).replace(/%[0-9a-f]{2}/g, (m) => m.toLowerCase());
  return `https://teams.microsoft.com/l/meetup-join/${thread}/0?context=${context}`;
}
