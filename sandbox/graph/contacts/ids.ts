import { randomBytes } from 'node:crypto';

/**
 * Contact and folder ids are long opaque base64 like Exchange's; a pool of random bytes keeps a
 * 10,000-contact bulk seed from calling into the CSPRNG per id.
 */
let pool = Buffer.alloc(0);
let offset = 0;
function bytes(n: number): Buffer {
  if (offset + n > pool.length) {
    pool = randomBytes(Math.max(65536, n));
    offset = 0;
  }
  offset += n;
  return pool.subarray(offset - n, offset);
}

export const newContactId = () => `AAMkAGI2${bytes(105).toString('base64url')}AAA=`;
export const newContactFolderId = () => `AAMkAGI2${bytes(72).toString('base64url')}AAA=`;
/** Exchange's change keys for contacts start with EQAAABYAAAD (messages with CQAAABYAAAD). */
export const newContactChangeKey = () => `EQAAABYAAAD${bytes(24).toString('base64url')}`;
