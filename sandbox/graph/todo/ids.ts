import { randomBytes } from 'node:crypto';

/** To Do ids are long opaque base64 like Exchange's; pooled random bytes keep bulk creation cheap. */
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

export const newTaskId = () => `AAMkAGI2${bytes(105).toString('base64url')}AAA=`;
export const newListId = () => `AAMkAGI2${bytes(36).toString('base64url')}AAA=`;
/** To Do's etags are 20 bytes of base64 (`W/"xzyPKP0BiUGgld+lMKXwbQAAnBoTIw=="`). */
export const newTodoEtag = () => bytes(20).toString('base64');
export const newLinkId = () => {
  const h = bytes(16).toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
};
