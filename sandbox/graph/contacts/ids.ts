import { pooledBytes as bytes } from '../../core/randomPool.js';

/** Contact and folder ids are long opaque base64 like Exchange's. */
export const newContactId = () => `AAMkAGI2${bytes(105).toString('base64url')}AAA=`;
export const newContactFolderId = () => `AAMkAGI2${bytes(72).toString('base64url')}AAA=`;
/** Exchange's change keys for contacts start with EQAAABYAAAD (messages with CQAAABYAAAD). */
export const newContactChangeKey = () => `EQAAABYAAAD${bytes(24).toString('base64url')}`;
