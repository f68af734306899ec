import { createHash, randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';

/** Passwords and client secrets: salted scrypt, compared in constant time. */
export function hashSecret(secret: string): string {
  const salt = randomBytes(16);
  const key = scryptSync(secret, salt, 32, { N: 1024 });
  return `scrypt$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

export function checkSecret(secret: string, stored: string): boolean {
  const [, salt, key] = stored.split('$');
  if (!salt || !key) return false;
  const expected = Buffer.from(key, 'base64url');
  const actual = scryptSync(secret, Buffer.from(salt, 'base64url'), expected.length, { N: 1024 });
  return timingSafeEqual(expected, actual);
}

/** Codes and refresh tokens are long random strings: a plain digest is enough to store them. */
export function digest(value: string): string {
  return createHash('sha256').update(value).digest('base64url');
}

export function randomToken(bytes = 48): string {
  return randomBytes(bytes).toString('base64url');
}
