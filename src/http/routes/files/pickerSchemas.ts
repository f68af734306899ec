import { errorResponseSchema } from '../../errors.js';
import { answerObject, withErrors } from '../../schemas.js';

/** Graph's drive and item ids (`b!…`, `01…`, `ABC!123`): no slashes, question marks or spaces, so never another path. */
export const graphId = { type: 'string', pattern: '^[A-Za-z0-9!_.,:=-]{1,256}$' } as const;
/** A sealed page link from an earlier answer. */
export const cursorString = { type: 'string', pattern: '^[A-Za-z0-9_-]{1,8192}$', description: 'nextCursor of the previous page, as given' } as const;

export const driveEntrySchema = answerObject({
  driveId: { type: 'string' },
  itemId: { type: 'string' },
  name: { type: 'string' },
  kind: { type: 'string', enum: ['file', 'folder'] },
  size: { type: ['number', 'null'] },
  mimeType: { type: ['string', 'null'] },
  modifiedAt: { type: ['string', 'null'] },
  modifiedBy: { type: ['string', 'null'] },
  webUrl: { type: ['string', 'null'] },
  childCount: { type: ['number', 'null'], description: 'folders only' },
});

export const listingSchema = answerObject({
  drive: answerObject({ id: { type: 'string' }, name: { type: 'string' }, source: { type: 'string', enum: ['onedrive', 'sharepoint'] } }),
  items: { type: 'array', items: driveEntrySchema },
  nextCursor: { type: ['string', 'null'] },
  breadcrumbs: { type: 'array', description: 'from the drive root down to the folder listed (last)', items: answerObject({ itemId: { type: 'string' }, name: { type: 'string' } }) },
});

export const searchSchema = answerObject({ items: { type: 'array', items: driveEntrySchema }, nextCursor: { type: ['string', 'null'] } });

export const sitesSchema = answerObject({
  sites: { type: 'array', items: answerObject({ id: { type: 'string' }, name: { type: 'string' }, webUrl: { type: ['string', 'null'] }, description: { type: ['string', 'null'] } }) },
});

export const librariesSchema = answerObject({
  libraries: { type: 'array', items: answerObject({ driveId: { type: 'string' }, name: { type: 'string' }, webUrl: { type: ['string', 'null'] } }) },
});

/**
 * The answers every files route may give besides its own: 403 names the grant that is missing
 * (feature_not_granted: Enable; needs_admin_approval: ask an admin; no_access: Microsoft refused
 * this user), 409 the connection (not_connected, needs_reconnect), 503 Microsoft 365 not answering.
 */
export function filesErrors(responses: Record<number, unknown>): Record<number, unknown> {
  return { ...withErrors(responses), 403: errorResponseSchema, 409: errorResponseSchema, 503: errorResponseSchema };
}
