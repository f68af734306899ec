import type { FastifyInstance } from 'fastify';
import type { MicrosoftIntegration } from '../../../app/microsoft/integration.js';
import { contactsSettings, type ContactsSettings } from '../../../microsoft/sync/contacts/settings.js';
import { principalOf } from '../../auth.js';
import { withErrors } from '../../schemas.js';

const settingsSchema = {
  type: 'object',
  properties: {
    addCreatedPeople: { type: 'boolean', description: 'Add people I create to Outlook contacts (the default contacts folder of my connected account). Off by default.' },
  },
  required: ['addCreatedPeople'],
} as const;

/** /api/microsoft/contacts/settings: the signed-in user's Outlook contacts settings. */
export function contactsRoutes(integration: MicrosoftIntegration) {
  const db = integration.database.db;
  return async (app: FastifyInstance): Promise<void> => {
    app.addHook('onRequest', app.authenticate);

    app.get('/api/microsoft/contacts/settings', {
      schema: { tags: ['microsoft'], response: withErrors({ 200: settingsSchema }) },
    }, async (request) => {
      const p = principalOf(request);
      return contactsSettings.get(db, p.workspaceId, p.userId);
    });

    app.put<{ Body: ContactsSettings }>('/api/microsoft/contacts/settings', {
      schema: {
        tags: ['microsoft'],
        body: { ...settingsSchema, additionalProperties: false },
        response: withErrors({ 200: settingsSchema }),
      },
    }, async (request) => {
      const p = principalOf(request);
      return contactsSettings.set(db, p.workspaceId, p.userId, request.body);
    });
  };
}
