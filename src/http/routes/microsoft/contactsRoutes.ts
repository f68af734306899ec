import type { FastifyInstance } from 'fastify';
import type { MicrosoftIntegration } from '../../../app/microsoft/integration.js';
import { getPerson } from '../../../crm/people.js';
import { contactsSettings, type ContactsSettings } from '../../../microsoft/sync/contacts/settings.js';
import { principalOf } from '../../auth.js';
import { idParams, withErrors } from '../../schemas.js';

const settingsSchema = {
  type: 'object',
  properties: {
    addCreatedPeople: { type: 'boolean', description: 'Add people I create to Outlook contacts (the default contacts folder of my connected account). Off by default.' },
  },
  required: ['addCreatedPeople'],
} as const;

const mirrorsSchema = {
  type: 'object',
  properties: {
    outlookContacts: {
      type: 'array',
      description: 'Whose Outlook contacts mirror this person: deleting the person deletes each of these contacts in Outlook.',
      items: { type: 'object', properties: { userName: { type: 'string' } }, required: ['userName'] },
    },
  },
  required: ['outlookContacts'],
} as const;

/**
 * /api/microsoft/contacts: the signed-in user's Outlook contacts settings, and which users' Outlook
 * contacts mirror a person (what deleting the person also deletes, for the confirmation to say);
 * a person not in the caller's workspace is 404.
 */
export function contactsRoutes(integration: MicrosoftIntegration) {
  const db = integration.database.db;
  return async (app: FastifyInstance): Promise<void> => {
    app.addHook('onRequest', app.authenticate);

    app.get('/api/microsoft/contacts/settings', {
      schema: { tags: ['microsoft'], description: 'Your Outlook contacts settings (each user has their own; the defaults until you change them).', response: withErrors({ 200: settingsSchema }) },
    }, async (request) => {
      const p = principalOf(request);
      return contactsSettings.get(db, p.workspaceId, p.userId);
    });

    app.get<{ Params: { id: string } }>('/api/microsoft/contacts/people/:id', {
      schema: {
        tags: ['microsoft'], params: idParams, response: withErrors({ 200: mirrorsSchema }),
        description: "Whose Outlook contacts mirror this person, for the delete confirmation to name them: deleting the person deletes each of those contacts in Outlook. 404 when the person is not in your workspace.",
      },
    }, async (request) => {
      const p = principalOf(request);
      await getPerson(db, p.workspaceId, request.params.id);
      const rows = await db.selectFrom('microsoft_links as l').innerJoin('microsoft_accounts as a', 'a.id', 'l.account_id').innerJoin('users as u', 'u.id', 'a.user_id')
        .select('u.name').where('l.resource', '=', 'contacts').where('l.record_type', '=', 'person').where('l.record_id', '=', request.params.id)
        .where('a.workspace_id', '=', p.workspaceId).orderBy('u.name').execute();
      return { outlookContacts: rows.map((r) => ({ userName: r.name })) };
    });

    app.put<{ Body: ContactsSettings }>('/api/microsoft/contacts/settings', {
      schema: {
        tags: ['microsoft'],
        description: 'Changes your Outlook contacts settings and answers them as saved. addCreatedPeople applies to the people you create from then on, while your Microsoft 365 connection has Outlook contacts; people created before are not pushed.',
        body: { ...settingsSchema, additionalProperties: false },
        response: withErrors({ 200: settingsSchema }),
      },
    }, async (request) => {
      const p = principalOf(request);
      return contactsSettings.set(db, p.workspaceId, p.userId, request.body);
    });
  };
}
