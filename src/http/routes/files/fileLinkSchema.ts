import { answerObject } from '../../schemas.js';

/** A record's link to a drive item, as every files route answers it (src/app/microsoft/files/fileLinkView.ts). */
export const fileLinkSchema = answerObject({
  id: { type: 'string' },
  recordType: { type: 'string', enum: ['person', 'company', 'task'] },
  recordId: { type: 'string' },
  source: { type: 'string', enum: ['onedrive', 'sharepoint'] },
  driveId: { type: 'string' },
  itemId: { type: 'string' },
  name: { type: 'string' },
  kind: { type: 'string', enum: ['file', 'folder'] },
  mimeType: { type: ['string', 'null'] },
  size: { type: ['number', 'null'] },
  webUrl: { type: 'string' },
  parentPath: { type: ['string', 'null'] },
  modifiedAt: { type: ['string', 'null'] },
  modifiedBy: { type: ['string', 'null'] },
  state: { type: 'string', enum: ['present', 'deleted'], description: 'deleted: gone from OneDrive/SharePoint; shown until someone detaches it' },
  attachedBy: answerObject({ userId: { type: 'string' }, name: { type: ['string', 'null'] } }),
  attachedAt: { type: 'string' },
});

/** The three kinds of record that carry files, as they appear in URLs and in links. */
export const RECORD_ROUTES = [
  { segment: 'people', type: 'person' },
  { segment: 'companies', type: 'company' },
  { segment: 'tasks', type: 'task' },
] as const;
