import type { FastifyInstance } from 'fastify';
import { attachDriveItems } from '../../../app/microsoft/files/attach.js';
import { openFileLink } from '../../../app/microsoft/files/openFile.js';
import { detachFileLink, listRecordFiles } from '../../../app/microsoft/files/recordFiles.js';
import type { FileRecordType } from '../../../app/microsoft/files/records.js';
import type { MicrosoftIntegration } from '../../../app/microsoft/integration.js';
import { principalOf } from '../../auth.js';
import { idParams, idString } from '../../schemas.js';
import { useFilesErrors } from './errorHandler.js';
import { fileLinkSchema, RECORD_ROUTES } from './fileLinkSchema.js';
import { filesErrors, graphId } from './pickerSchemas.js';

const filesAnswer = { type: 'object', properties: { files: { type: 'array', items: fileLinkSchema } }, required: ['files'] } as const;
const linkParams = { type: 'object', properties: { id: idString, linkId: idString }, required: ['id', 'linkId'], additionalProperties: false } as const;
const attachBody = {
  type: 'object',
  properties: {
    items: {
      type: 'array', minItems: 1, maxItems: 50,
      description: 'Drive items to attach (from GET /api/files/browse or /api/files/search): 1 to 50.',
      items: { type: 'object', properties: { driveId: graphId, itemId: graphId }, required: ['driveId', 'itemId'], additionalProperties: false },
    },
  },
  required: ['items'],
  additionalProperties: false,
} as const;

/**
 * The files on a record: list, attach and detach under /api/{people|companies|tasks}/{id}/files,
 * and GET /api/files/{linkId}/open, which answers where to open one only when the requesting user's
 * own Microsoft account can read it.
 */
export function recordFilesRoutes(integration: MicrosoftIntegration) {
  return async (app: FastifyInstance): Promise<void> => {
    app.addHook('onRequest', app.authenticate);
    useFilesErrors(app);
    for (const r of RECORD_ROUTES) {
      const record = (id: string) => ({ type: r.type as FileRecordType, id });

      app.get<{ Params: { id: string } }>(`/api/${r.segment}/:id/files`, {
        schema: {
          tags: ['files'], params: idParams,
          description: `The OneDrive and SharePoint files attached to this ${r.type}, newest first; visible to every member of the workspace. A file deleted in Microsoft 365 stays listed with state "deleted" until it is detached.`,
          response: filesErrors({ 200: filesAnswer }),
        },
      }, async (request) => ({ files: await listRecordFiles(integration, principalOf(request), record(request.params.id)) }));

      app.post<{ Params: { id: string }; Body: { items: Array<{ driveId: string; itemId: string }> } }>(`/api/${r.segment}/:id/files`, {
        schema: {
          tags: ['files'], params: idParams, body: attachBody,
          description: `Attaches drive items to this ${r.type}. Each is read with your own Microsoft account (what you cannot open, you cannot attach); the file is not copied. Attaching an item the ${r.type} already has answers the existing link.`,
          response: filesErrors({ 201: filesAnswer }),
        },
      }, async (request, reply) => {
        const p = principalOf(request);
        const files = await attachDriveItems(integration, { user: { userId: p.userId, workspaceId: p.workspaceId }, record: record(request.params.id), items: request.body.items });
        return reply.status(201).send({ files });
      });

      app.delete<{ Params: { id: string; linkId: string } }>(`/api/${r.segment}/:id/files/:linkId`, {
        schema: {
          tags: ['files'], params: linkParams,
          description: `Detaches a file from this ${r.type}. Only the link goes: the file stays in OneDrive or SharePoint.`,
          response: filesErrors({ 204: { type: 'null' } }),
        },
      }, async (request, reply) => {
        await detachFileLink(integration, principalOf(request), record(request.params.id), request.params.linkId);
        return reply.status(204).send();
      });
    }

    app.get<{ Params: { linkId: string } }>('/api/files/:linkId/open', {
      schema: {
        tags: ['files'],
        params: { type: 'object', properties: { linkId: idString }, required: ['linkId'], additionalProperties: false },
        description: 'Where to open an attached file (its webUrl), after your own Microsoft account has read it just now. 403 file_no_access when it cannot; 404 when the file is gone from Microsoft 365 (the link then shows it as deleted).',
        response: filesErrors({ 200: { type: 'object', properties: { url: { type: 'string' } }, required: ['url'] } }),
      },
    }, async (request) => openFileLink(integration, principalOf(request), request.params.linkId));
  };
}
