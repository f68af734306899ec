import { randomBytes } from 'node:crypto';

let pool = Buffer.alloc(0);
let offset = 0;

/**
 * Random bytes from a shared pool: bulk seeding makes tens of thousands of opaque ids at once, and
 * one call into the CSPRNG per 64 KiB is far cheaper than one per id. The bytes are as random.
 */
export function pooledBytes(n: number): Buffer {
  if (offset + n > pool.length) {
    pool = randomBytes(Math.max(65536, n));
    offset = 0;
  }
  offset += n;
  return pool.subarray(offset - n, offset);
}
