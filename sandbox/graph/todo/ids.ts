import { pooledBytes as bytes } from '../../core/randomPool.js';

/** To Do ids are long opaque base64 like Exchange's. */
export const newTaskId = () => `AAMkAGI2${bytes(105).toString('base64url')}AAA=`;
export const newListId = () => `AAMkAGI2${bytes(36).toString('base64url')}AAA=`;
/** To Do's etags are 20 bytes of base64 (`W/"xzyPKP0BiUGgld+lMKXwbQAAnBoTIw=="`). */
export const newTodoEtag = () => bytes(20).toString('base64');
export const newLinkId = () => {
  const h = bytes(16).toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
};
