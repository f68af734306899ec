import type { FastifyInstance } from 'fastify';
import type { MicrosoftIntegration } from '../../../app/microsoft/integration.js';
import { createTeamsLink, type TeamsLinkInput } from '../../../app/microsoft/meetings/teamsLink.js';
import { principalOf } from '../../auth.js';
import { answerObject, withErrors } from '../../schemas.js';
import { useCalendarErrors } from './errorHandler.js';

/** POST /api/teams/links: a standalone Teams meeting link for compose and the share buttons. */
export function teamsRoutes(integration: MicrosoftIntegration) {
  return async (app: FastifyInstance): Promise<void> => {
    app.addHook('onRequest', app.authenticate);
    useCalendarErrors(app, 'Teams link');
    app.post<{ Body: TeamsLinkInput }>('/api/teams/links', {
      schema: {
        tags: ['teams'],
        description: 'Creates a standalone Microsoft Teams meeting (no calendar event) and answers its join link. Needs OnlineMeetings.ReadWrite.',
        body: {
          type: 'object',
          properties: {
            subject: { type: 'string', minLength: 1, maxLength: 255 },
            start: { type: 'string', maxLength: 64, description: 'ISO-8601 with Z or an offset; default now' },
            end: { type: 'string', maxLength: 64, description: 'default an hour after start' },
          },
          required: ['subject'],
          additionalProperties: false,
        },
        response: withErrors({ 201: answerObject({ joinUrl: { type: 'string' }, subject: { type: 'string' }, start: { type: 'string' }, end: { type: 'string' } }) }),
      },
    }, async (request, reply) => reply.status(201).send(await createTeamsLink(integration, principalOf(request), request.body)));
  };
}
