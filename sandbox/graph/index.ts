import type { FastifyInstance } from 'fastify';
import type { SandboxContext } from '../core/context.js';
import { registerBatchRoute } from './batch.js';
import { registerCalendarRoutes } from './calendar/calendars.js';
import { registerCalendarControl } from './calendar/control.js';
import { registerJoinUrlDelayControl } from './calendar/joinUrlDelay.js';
import { tenantProvidersSchema } from './calendar/providers.js';
import { registerTenantProvidersControl } from './calendar/tenantProviders.js';
import { registerWorkingHoursControl } from './calendar/workingHours.js';
import { registerCalendarDeltaRoutes } from './calendar/delta.js';
import { registerEventRoutes } from './calendar/events.js';
import { registerScheduleRoutes } from './calendar/schedule.js';
import { calendarSchema } from './calendar/schema.js';
import { registerViewRoutes } from './calendar/view.js';
import { registerContactRoutes } from './contacts/contacts.js';
import { registerContactsControl } from './contacts/control.js';
import { registerContactDeltaRoutes } from './contacts/delta.js';
import { registerContactFolderRoutes } from './contacts/folders.js';
import { contactsSchema } from './contacts/schema.js';
import { registerControlRoutes } from './control.js';
import { deltaSchema } from './delta/schema.js';
import { registerFilesControl } from './drive/control.js';
import { registerFilesRoutes } from './drive/index.js';
import { driveSchema } from './drive/schema.js';
import { GraphError, requestIds, sendGraphError } from './http/errors.js';
import { registerKeyFallback } from './http/route.js';
import { registerUnmatched } from './http/unserved.js';
import { registerAttachmentRoutes } from './mail/attachments.js';
import { registerDeltaRoutes } from './mail/delta.js';
import { registerFolderRoutes } from './mail/folders.js';
import { registerMessageRoutes } from './mail/messages.js';
import { registerMoveRoutes } from './mail/move.js';
import { mailSchema } from './mail/schema.js';
import { registerReplyRoutes } from './mail/reply.js';
import { registerSendRoutes } from './mail/send.js';
import { registerMailboxSettingsRoutes } from './mailboxSettings.js';
import { registerMailTipsRoutes } from './mailtips.js';
import { registerMeRoutes } from './me.js';
import { registerMeetingsControl } from './meetings/control.js';
import { onlineMeetingsSchema, registerOnlineMeetingRoutes } from './meetings/onlineMeetings.js';
import { registerOutboundControl } from './outbound/control.js';
import { outboundSchema } from './outbound/store.js';
import { registerPeopleRoutes } from './people.js';
import { registerPhotoRoutes } from './photo.js';
import { registerSitesControl } from './sites/control.js';
import { sitesSchema } from './sites/schema.js';
import { registerTodoControl } from './todo/control.js';
import { registerTodoDeltaRoutes } from './todo/delta.js';
import { registerLinkedResourceRoutes } from './todo/linkedResources.js';
import { registerTodoListRoutes } from './todo/lists.js';
import { todoSchema } from './todo/schema.js';
import { registerTaskRoutes } from './todo/tasks.js';

export const graphSchema: string[] = [deltaSchema, mailSchema, calendarSchema, contactsSchema, todoSchema, driveSchema, sitesSchema, onlineMeetingsSchema,
  tenantProvidersSchema, outboundSchema];

/** Registers every /v1.0 Graph route (except subscriptions) on the Graph listener. */
export async function registerGraph(app: FastifyInstance, ctx: SandboxContext): Promise<void> {
  registerUnmatched(app);
  await app.register(async (g) => {
    g.addHook('onRequest', async (req, reply) => {
      const { requestId, clientRequestId } = requestIds(req);
      reply.header('request-id', requestId).header('client-request-id', clientRequestId);
    });
    // Everything, including body-parse and validation failures, answers in Graph's error shape.
    g.setErrorHandler((err: Error & { statusCode?: number }, req, reply) => {
      if (err instanceof GraphError) return sendGraphError(req, reply, err);
      const status = err.statusCode ?? 500;
      if (status < 500) return sendGraphError(req, reply, new GraphError(status, 'BadRequest', err.message));
      req.log.error({ err }, 'graph handler failed');
      return sendGraphError(req, reply, new GraphError(500, 'generalException', 'An unspecified error has occurred.'));
    });
    registerMeRoutes(g, ctx);
    registerFolderRoutes(g, ctx);
    registerMessageRoutes(g, ctx);
    registerAttachmentRoutes(g, ctx);
    registerPhotoRoutes(g, ctx);
    registerMoveRoutes(g, ctx);
    registerSendRoutes(g, ctx);
    registerReplyRoutes(g, ctx);
    registerDeltaRoutes(g, ctx);
    registerMailTipsRoutes(g, ctx);
    registerMailboxSettingsRoutes(g, ctx);
    registerPeopleRoutes(g, ctx);
    registerCalendarRoutes(g, ctx);
    registerEventRoutes(g, ctx);
    registerViewRoutes(g, ctx);
    registerCalendarDeltaRoutes(g, ctx);
    registerScheduleRoutes(g, ctx);
    registerOnlineMeetingRoutes(g, ctx);
    // Delta before the item routes: `contacts/delta` or `tasks/delta` would otherwise be read as an id.
    registerContactDeltaRoutes(g, ctx);
    registerContactFolderRoutes(g, ctx);
    registerContactRoutes(g, ctx);
    registerTodoDeltaRoutes(g, ctx);
    registerTodoListRoutes(g, ctx);
    registerTaskRoutes(g, ctx);
    registerLinkedResourceRoutes(g, ctx);
    registerFilesRoutes(g, ctx);
    registerBatchRoute(g, app, ctx);
    registerKeyFallback(g);
  });
}

/** Registers the mail and calendar parts of the control API, and the delta knobs of every resource. */
export async function registerMailControl(app: FastifyInstance, ctx: SandboxContext): Promise<void> {
  await app.register(async (c) => {
    registerControlRoutes(c, ctx);
    registerCalendarControl(c, ctx);
    registerJoinUrlDelayControl(c, ctx);
    registerTenantProvidersControl(c, ctx);
    registerWorkingHoursControl(c, ctx);
    registerMeetingsControl(c, ctx);
    registerOutboundControl(c, ctx);
    registerContactsControl(c, ctx);
    registerTodoControl(c, ctx);
    registerFilesControl(c, ctx);
    registerSitesControl(c, ctx);
  });
}
