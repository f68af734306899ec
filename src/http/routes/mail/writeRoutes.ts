import type { FastifyInstance } from 'fastify';
import { discardDraft, editDraft, reply, saveNewDraft, send, sendSavedDraft, type ComposeInput } from '../../../app/microsoft/inbox/compose.js';
import type { InboxDeps } from '../../../app/microsoft/inbox/deps.js';
import { archiveMessage, deleteMessage, markRead } from '../../../app/microsoft/inbox/writeMessage.js';
import { principalOf } from '../../auth.js';
import { answerObject } from '../../schemas.js';
import { composeFields, detailSchema, idParams, mailErrors, noBody } from './schemas.js';

const accepted = answerObject({ status: { type: 'string' } });

/** Writes go to Graph first; the local row then takes Graph's answer. */
export function writeRoutes(deps: InboxDeps) {
  return async (app: FastifyInstance): Promise<void> => {
    app.patch<{ Params: { id: string }; Body: { isRead: boolean } }>('/api/mail/messages/:id', {
      schema: {
        tags: ['mail'], params: idParams,
        body: { type: 'object', properties: { isRead: { type: 'boolean' } }, required: ['isRead'], additionalProperties: false },
        response: mailErrors({ 200: detailSchema }),
      },
    }, async (request) => markRead(deps, principalOf(request), request.params.id, request.body.isRead));

    app.post<{ Params: { id: string } }>('/api/mail/messages/:id/archive', {
      schema: { tags: ['mail'], params: idParams, body: noBody, response: mailErrors({ 200: detailSchema }) },
    }, async (request) => archiveMessage(deps, principalOf(request), request.params.id));

    app.delete<{ Params: { id: string } }>('/api/mail/messages/:id', {
      schema: {
        tags: ['mail'], params: idParams, response: mailErrors({ 200: detailSchema }),
        description: 'Moves the message to Deleted Items, as Outlook\'s Delete does; it can be restored from there in Outlook.',
      },
    }, async (request) => deleteMessage(deps, principalOf(request), request.params.id));

    app.post<{ Body: ComposeInput }>('/api/mail/send', {
      schema: {
        tags: ['mail'],
        body: { type: 'object', properties: composeFields, required: ['to', 'subject', 'body'], additionalProperties: false },
        response: mailErrors({ 202: accepted }),
      },
    }, async (request, res) => {
      await send(deps, principalOf(request), request.body);
      return res.status(202).send({ status: 'accepted' });
    });

    app.post<{ Body: ComposeInput }>('/api/mail/drafts', {
      schema: { tags: ['mail'], body: { type: 'object', properties: composeFields, additionalProperties: false }, response: mailErrors({ 201: detailSchema }) },
    }, async (request, res) => res.status(201).send(await saveNewDraft(deps, principalOf(request), request.body)));

    app.patch<{ Params: { id: string }; Body: ComposeInput }>('/api/mail/drafts/:id', {
      schema: {
        tags: ['mail'], params: idParams,
        body: { type: 'object', properties: composeFields, additionalProperties: false, minProperties: 1 },
        response: mailErrors({ 200: detailSchema }),
      },
    }, async (request) => editDraft(deps, principalOf(request), request.params.id, request.body));

    app.delete<{ Params: { id: string } }>('/api/mail/drafts/:id', {
      schema: { tags: ['mail'], params: idParams, description: 'Discards the draft for good, at Microsoft and in Tandem.', response: mailErrors({ 204: { type: 'null' } }) },
    }, async (request, res) => {
      await discardDraft(deps, principalOf(request), request.params.id);
      return res.status(204).send();
    });

    app.post<{ Params: { id: string } }>('/api/mail/drafts/:id/send', {
      schema: { tags: ['mail'], params: idParams, body: noBody, response: mailErrors({ 202: accepted }) },
    }, async (request, res) => {
      await sendSavedDraft(deps, principalOf(request), request.params.id);
      return res.status(202).send({ status: 'accepted' });
    });

    app.post<{ Params: { id: string }; Body: { body: string } }>('/api/mail/messages/:id/reply', {
      schema: {
        tags: ['mail'], params: idParams,
        body: { type: 'object', properties: { body: { type: 'string', minLength: 1, maxLength: 500_000 } }, required: ['body'], additionalProperties: false },
        response: mailErrors({ 202: accepted }),
      },
    }, async (request, res) => {
      await reply(deps, principalOf(request), request.params.id, request.body.body);
      return res.status(202).send({ status: 'accepted' });
    });
  };
}
