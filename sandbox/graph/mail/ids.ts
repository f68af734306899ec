import { randomBytes } from 'node:crypto';

/**
 * Exchange ids are long, opaque base64 strings. Clients must never be able to parse or order
 * them, so they are random; a pool keeps bulk generation of 100k messages cheap.
 */
let pool = Buffer.alloc(0);
let offset = 0;
function bytes(n: number): Buffer {
  if (offset + n > pool.length) {
    pool = randomBytes(Math.max(65536, n));
    offset = 0;
  }
  const out = pool.subarray(offset, offset + n);
  offset += n;
  return out;
}

const b64 = (n: number) => bytes(n).toString('base64url');

/** A regular message id: changes when the message moves to another folder. */
export const newMessageId = () => `AAMkAGI2${b64(105)}AAA=`;
/** An immutable id: stays for the message's life in this mailbox. */
export const newImmutableId = () => `AAkALgAAAAAAHYQDEapmEc2byACqAC-EWg0A${b64(81)}AAA=`;
export const newFolderId = () => `AAMkAGI2${b64(72)}AAA=`;
export const newChangeKey = () => `CQAAABYAAAD${b64(24)}`;
export const newConversationId = () => `AAQkAGI2${b64(36)}=`;
export const newInternetMessageId = (domain: string) => `<${bytes(12).toString('hex')}@${domain}>`;
