import type { MailTips } from '@microsoft/microsoft-graph-types';
import type { FastifyInstance } from 'fastify';
import type { SandboxContext } from '../core/context.js';
import { badRequest } from './http/errors.js';
import { graphBase, graphRoute, type GraphCall } from './http/route.js';
import { ensureMailbox, readSettings } from './mail/mailbox.js';

/** Whether an automatic reply is showing right now, as Exchange decides it. */
function activeReply(ctx: SandboxContext, userId: string) {
  const s = readSettings(ctx.db, userId).automaticRepliesSetting;
  if (s.status === 'disabled') return null;
  if (s.status === 'scheduled') {
    const now = ctx.now();
    const start = Date.parse(`${s.scheduledStartDateTime.dateTime.replace(/Z$/, '')}Z`);
    const end = Date.parse(`${s.scheduledEndDateTime.dateTime.replace(/Z$/, '')}Z`);
    if (!(now >= start && now < end)) return null;
    return { s, scheduled: true };
  }
  return { s, scheduled: false };
}

function mailTips(call: GraphCall) {
  const { ctx, body, claims } = call;
  const addresses = body.EmailAddresses ?? body.emailAddresses;
  const options = String(body.MailTipsOptions ?? body.mailTipsOptions ?? '');
  if (!Array.isArray(addresses) || !addresses.length) throw badRequest("Missing property 'EmailAddresses'.", 'ErrorInvalidRequest');
  const wantReplies = options.split(',').map((o) => o.trim().toLowerCase()).includes('automaticreplies');
  const value: MailTips[] = addresses.map((raw) => {
    const address = String(raw);
    const user = ctx.directory.userByEmail(address);
    if (!user || user.tenantId !== claims.tenantId) {
      return { emailAddress: { address }, error: { code: 'UnknownRecipient', message: 'The recipient could not be resolved.' } } as MailTips;
    }
    const tip: MailTips = { emailAddress: { name: user.displayName, address: user.mail } };
    if (wantReplies) {
      ensureMailbox(ctx, user.id);
      const active = activeReply(ctx, user.id);
      tip.automaticReplies = active
        ? {
            // The caller is inside the tenant, so Exchange shows the internal message.
            message: active.s.internalReplyMessage,
            messageLanguage: { locale: 'en-US', displayName: 'English (United States)' },
            ...(active.scheduled
              ? { scheduledStartTime: active.s.scheduledStartDateTime, scheduledEndTime: active.s.scheduledEndDateTime }
              : {}),
          }
        : { message: '' };
    }
    return tip;
  });
  return { '@odata.context': `${graphBase(ctx, call.req)}/v1.0/$metadata#Collection(microsoft.graph.mailTips)`, value };
}

export function registerMailTipsRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  graphRoute(app, ctx, { method: 'POST', path: '/getMailTips', permissions: ['Mail.Read'], handler: mailTips });
}
