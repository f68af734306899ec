import type { FastifyInstance } from 'fastify';
import type { InboxDeps } from '../../../app/microsoft/inbox/deps.js';
import { requireMailbox } from '../../../app/microsoft/inbox/mailbox.js';
import { listFolders, listMessages, parseLimit } from '../../../app/microsoft/inbox/queries.js';
import { readMessage } from '../../../app/microsoft/inbox/readMessage.js';
import { principalOf } from '../../auth.js';
import { idString, pageQueryProps } from '../../schemas.js';
import { answerObject } from '../../schemas.js';
import { folderSchema, idParams, mailErrors, summarySchema, withBodySchema } from './schemas.js';

/** Folders, message lists and one message: the caller's own mailbox only. */
export function readRoutes(deps: InboxDeps) {
  const { integration } = deps;
  const db = integration.database.db;
  return async (app: FastifyInstance): Promise<void> => {
    app.get('/api/mail/folders', {
      schema: { tags: ['mail'], response: mailErrors({ 200: answerObject({ items: { type: 'array', items: folderSchema } }) }) },
    }, async (request) => {
      const account = await requireMailbox(integration.accounts, principalOf(request));
      return { items: await listFolders(db, account.id) };
    });

    app.get<{ Querystring: { folderId?: string; cursor?: string; limit?: string } }>('/api/mail/messages', {
      schema: {
        tags: ['mail'],
        querystring: { type: 'object', properties: { folderId: idString, ...pageQueryProps }, additionalProperties: false },
        response: mailErrors({ 200: answerObject({ items: { type: 'array', items: summarySchema }, nextCursor: { type: ['string', 'null'] } }) }),
      },
    }, async (request) => {
      const account = await requireMailbox(integration.accounts, principalOf(request));
      const { folderId, cursor, limit } = request.query;
      return listMessages(db, account.id, { ...(folderId ? { folderId } : {}), ...(cursor ? { cursor } : {}), limit: parseLimit(limit) });
    });

    app.get<{ Params: { id: string } }>('/api/mail/messages/:id', {
      schema: { tags: ['mail'], params: idParams, response: mailErrors({ 200: withBodySchema }) },
    }, async (request) => readMessage(deps, principalOf(request), request.params.id));
  };
}

