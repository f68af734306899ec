import { errorResponseSchema } from '../../errors.js';
import { answerObject, idParams, withErrors } from '../../schemas.js';

export { idParams };

const recipient = answerObject({ name: { type: ['string', 'null'] }, address: { type: 'string' } });
/** The sender: null when the message has none (a draft, for example). */
export const address = { ...recipient, type: ['object', 'null'] } as const;
const addressList = { type: 'array', items: recipient } as const;

/** `to` is in the summary too: Sent Items and Drafts list whom a message is for, not who wrote it. */
const summaryProperties = {
  id: { type: 'string' }, folderId: { type: ['string', 'null'] }, subject: { type: 'string' }, from: address, to: addressList, preview: { type: 'string' },
  receivedAt: { type: ['string', 'null'] }, isRead: { type: 'boolean' }, isDraft: { type: 'boolean' }, hasAttachments: { type: 'boolean' },
} as const;
export const summarySchema = answerObject(summaryProperties);

const detailProperties = { ...summaryProperties, cc: addressList, bcc: addressList, conversationId: { type: ['string', 'null'] } } as const;
export const detailSchema = answerObject(detailProperties);

export const withBodySchema = answerObject({
  ...detailProperties,
  body: answerObject({ contentType: { type: 'string', enum: ['html', 'text'] }, content: { type: 'string' } }),
  bodyCached: { type: 'boolean' },
});

export const folderSchema = answerObject({
  id: { type: 'string' }, name: { type: 'string' }, wellKnown: { type: ['string', 'null'] }, parentId: { type: ['string', 'null'] },
  unreadCount: { type: 'integer' }, totalCount: { type: 'integer' },
});

const email = { type: 'string', format: 'email', maxLength: 254 } as const;
const emails = { type: 'array', items: email, maxItems: 100 } as const;

/** Compose fields; the body limit stays under the server's 1 MB request limit. */
export const composeFields = {
  to: emails, cc: emails, bcc: emails,
  subject: { type: 'string', maxLength: 998 },
  body: { type: 'string', maxLength: 500_000 },
  contentType: { type: 'string', enum: ['text', 'html'] },
} as const;

/** For actions that take no body: none (or `{}`) is fine, any field is a mistake worth a 400. */
export const noBody = { type: ['object', 'null'], properties: {}, additionalProperties: false } as const;

/** Every mail route may also answer these. */
export function mailErrors(responses: Record<number, unknown>): Record<number, unknown> {
  return { ...withErrors(responses), 403: errorResponseSchema, 409: errorResponseSchema, 422: errorResponseSchema, 502: errorResponseSchema, 503: errorResponseSchema };
}
