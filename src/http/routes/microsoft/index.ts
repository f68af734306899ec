import type { FastifyInstance } from 'fastify';
import { calendarOf } from '../../../app/microsoft/calendar/install.js';
import { inboxOf } from '../../../app/microsoft/inbox/install.js';
import type { MicrosoftIntegration } from '../../../app/microsoft/integration.js';
import { syncEngineOf } from '../../../app/microsoft/sync/install.js';
import { schedulingOf } from '../../../app/scheduling/install.js';
import { calendarRoutes } from '../calendar/index.js';
import { folderRoutes } from '../files/folderRoutes.js';
import { pickerRoutes } from '../files/pickerRoutes.js';
import { recordFilesRoutes } from '../files/recordFilesRoutes.js';
import { uploadRoutes } from '../files/uploadRoutes.js';
import { publicBookingRoutes } from '../scheduling/publicRoutes.js';
import { teamsRoutes } from '../calendar/teamsRoutes.js';
import { schedulingRoutes } from '../scheduling/ownerRoutes.js';
import { mailRoutes } from '../mail/index.js';
import { microsoftWebhookRoutes } from '../webhooks/microsoftWebhooks.js';
import { callbackRoutes } from './callbackRoutes.js';
import { connectRoutes } from './connectRoutes.js';
import { contactsRoutes } from './contactsRoutes.js';
import { peopleFromMailRoutes } from './peopleFromMailRoutes.js';

export type RoutePlugin = (app: FastifyInstance) => Promise<void>;

/**
 * Every HTTP route of the Microsoft 365 integration, built from the use cases the integration
 * installed: connect and callbacks, the Graph webhook, and the mail API.
 */
export function microsoftRoutes(integration: MicrosoftIntegration): RoutePlugin[] {
  const routes = [
    connectRoutes(integration), callbackRoutes(integration), teamsRoutes(integration),
    pickerRoutes(integration), folderRoutes(integration), uploadRoutes(integration), recordFilesRoutes(integration),
  ];
  const sync = syncEngineOf(integration);
  if (sync) routes.push(microsoftWebhookRoutes(sync.intake), contactsRoutes(integration), peopleFromMailRoutes(integration));
  const inbox = inboxOf(integration);
  if (inbox) routes.push(mailRoutes(inbox));
  const calendar = calendarOf(integration);
  if (calendar) routes.push(calendarRoutes(calendar));
  const scheduling = schedulingOf(integration);
  if (scheduling) routes.push(schedulingRoutes(scheduling), publicBookingRoutes(scheduling));
  return routes;
}
