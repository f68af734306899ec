import { pooledBytes as bytes } from '../../core/randomPool.js';

/** Exchange ids are long, opaque base64 strings: random, so clients can neither parse nor order them. */
const b64 = (n: number) => bytes(n).toString('base64url');

/** A regular message id: changes when the message moves to another folder. */
export const newMessageId = () => `AAMkAGI2${b64(105)}AAA=`;
/** An immutable id: stays for the message's life in this mailbox. */
export const newImmutableId = () => `AAkALgAAAAAAHYQDEapmEc2byACqAC-EWg0A${b64(81)}AAA=`;
export const newFolderId = () => `AAMkAGI2${b64(72)}AAA=`;
export const newChangeKey = () => `CQAAABYAAAD${b64(24)}`;
export const newConversationId = () => `AAQkAGI2${b64(36)}=`;
export const newInternetMessageId = (domain: string) => `<${bytes(12).toString('hex')}@${domain}>`;
