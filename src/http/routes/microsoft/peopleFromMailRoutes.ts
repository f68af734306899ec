import type { FastifyInstance } from 'fastify';
import type { MicrosoftIntegration } from '../../../app/microsoft/integration.js';
import { rescanWorkspace } from '../../../app/microsoft/peopleFromMail/job.js';
import { peopleFromMailSettings, widens, type PeopleFromMailSettings } from '../../../microsoft/sync/mail/people/settings.js';
import { principalOf } from '../../auth.js';
import { withErrors } from '../../schemas.js';

const settingsSchema = {
  type: 'object',
  properties: {
    mode: {
      type: 'string',
      enum: ['off', 'sent', 'all'],
      description: "Create people from mail: 'off'; 'sent', people I send mail to (the default); 'all', everyone I exchange mail with. Never no-reply or bulk senders, nor the mailbox's own addresses.",
    },
    includeColleagues: { type: 'boolean', description: "Also people at the mailbox owner's own email domain (colleagues). Off by default." },
  },
  required: ['mode', 'includeColleagues'],
} as const;

/**
 * /api/workspace/people-from-mail: the workspace's "Create people from mail", one choice for every
 * member's connected mailbox. A change that lets more people through looks at the mail already
 * synced again; one that lets fewer through only stops new ones (nobody is deleted).
 */
export function peopleFromMailRoutes(integration: MicrosoftIntegration) {
  const db = integration.database.db;
  return async (app: FastifyInstance): Promise<void> => {
    app.addHook('onRequest', app.authenticate);

    app.get('/api/workspace/people-from-mail', {
      schema: { tags: ['workspaces'], description: "The workspace's \"Create people from mail\" setting, one choice for every member's connected mailbox (the defaults until someone changes it).", response: withErrors({ 200: settingsSchema }) },
    }, async (request) => peopleFromMailSettings.get(db, principalOf(request).workspaceId));

    app.put<{ Body: PeopleFromMailSettings }>('/api/workspace/people-from-mail', {
      schema: {
        tags: ['workspaces'], body: { ...settingsSchema, additionalProperties: false }, response: withErrors({ 200: settingsSchema }),
        description: 'Changes the setting for the whole workspace and answers it as saved. A change that lets more people through (a wider mode, or colleagues turned on) has every connected mailbox of the workspace look at its synced mail again, in the background; one that lets fewer through only stops new ones: nobody is deleted.',
      },
    }, async (request) => {
      const ws = principalOf(request).workspaceId;
      const before = await peopleFromMailSettings.get(db, ws);
      const after = await peopleFromMailSettings.set(db, ws, request.body);
      if (widens(before, after)) await rescanWorkspace(integration, ws);
      return after;
    });
  };
}
