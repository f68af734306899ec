import type { FastifyInstance } from 'fastify';
import { attachMade } from '../../../app/microsoft/files/attach.js';
import { createFolder } from '../../../app/microsoft/files/newFolder.js';
import type { FileRecordType } from '../../../app/microsoft/files/records.js';
import type { MicrosoftIntegration } from '../../../app/microsoft/integration.js';
import { principalOf } from '../../auth.js';
import { idParams } from '../../schemas.js';
import { useFilesErrors } from './errorHandler.js';
import { fileLinkSchema, RECORD_ROUTES } from './fileLinkSchema.js';
import { filesErrors } from './pickerSchemas.js';

/** POST /api/{people|companies|tasks}/{id}/files/folders: a new folder in the record's OneDrive folder, attached to it. */
export function folderRoutes(integration: MicrosoftIntegration) {
  return async (app: FastifyInstance): Promise<void> => {
    app.addHook('onRequest', app.authenticate);
    useFilesErrors(app);
    for (const r of RECORD_ROUTES) {
      app.post<{ Params: { id: string }; Body: { name: string } }>(`/api/${r.segment}/:id/files/folders`, {
        schema: {
          tags: ['files'],
          description: `Creates a folder inside this ${r.type}'s OneDrive folder (Tandem/…/<name>, made on first use) and attaches it. A name taken there gets a number ("Contracts 1").`,
          params: idParams,
          body: { type: 'object', properties: { name: { type: 'string', minLength: 1, maxLength: 400 } }, required: ['name'], additionalProperties: false },
          response: filesErrors({ 201: fileLinkSchema }),
        },
      }, async (request, reply) => {
        const caller = principalOf(request);
        const record = { type: r.type as FileRecordType, id: request.params.id };
        const link = await createFolder(integration, caller, record, request.body.name, attachMade(integration, caller, record));
        return reply.status(201).send(link);
      });
    }
  };
}
