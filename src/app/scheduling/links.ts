import { createHmac, timingSafeEqual } from 'node:crypto';

export type GuestAction = 'manage';

/**
 * The guest's reschedule and cancel link: the booking id and an expiry signed with the server's key
 * (HMAC-SHA256), so it needs no sign-in and cannot be forged or stretched. It expires when the meeting ends.
 */
export function guestToken(key: Buffer, bookingId: string, expiresAt: number): string {
  const body = `${bookingId}.${Math.floor(expiresAt / 1000)}`;
  return `${body}.${sign(key, body)}`;
}

function sign(key: Buffer, body: string): string {
  return createHmac('sha256', key).update(`booking:${body}`).digest('base64url');
}

/** The booking id when the token is genuine and unexpired; undefined otherwise (never says which). */
export function readGuestToken(key: Buffer, token: string, now = Date.now()): string | undefined {
  const m = /^([A-Za-z0-9]+)\.(\d{1,12})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!m) return undefined;
  const expected = Buffer.from(sign(key, `${m[1]}.${m[2]}`));
  const given = Buffer.from(m[3]!);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
  if (Number(m[2]) * 1000 < now) return undefined;
  return m[1];
}
