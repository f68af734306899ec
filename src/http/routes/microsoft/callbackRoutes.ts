import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { adminConsentCallbackPath, completeAdminConsent } from '../../../app/microsoft/adminConsent.js';
import { callbackPath, completeCallback, type CallbackOutcome } from '../../../app/microsoft/connect.js';
import type { MicrosoftIntegration } from '../../../app/microsoft/integration.js';

const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function send(reply: FastifyReply, outcome: CallbackOutcome): FastifyReply {
  reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer');
  if (outcome.kind === 'redirect') return reply.redirect(outcome.location, 303);
  return reply.status(outcome.status).type('text/html; charset=utf-8').send(
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Microsoft 365 sign-in</title></head>` +
    `<body><main><h1>Microsoft 365 sign-in</h1><p role="alert">${esc(outcome.message)}</p><p><a href="/settings/integrations">Back to Settings</a></p></main></body></html>`,
  );
}

/** The signed-in Tandem user, if any; the callback reports a missing session as a page, not a JSON 401. */
async function sessionUser(app: FastifyInstance, request: FastifyRequest, reply: FastifyReply): Promise<string | undefined> {
  try {
    await app.authenticate(request, reply);
    return request.principal?.via === 'session' ? request.principal.userId : undefined;
  } catch {
    return undefined;
  }
}

const query = { type: 'object', additionalProperties: { type: 'string', maxLength: 8192 } } as const;

/** Where the identity platform sends the browser back. Every failure ends on the Settings page or a plain page. */
export function callbackRoutes(integration: MicrosoftIntegration) {
  return async (app: FastifyInstance): Promise<void> => {
    app.get<{ Querystring: Record<string, string> }>(callbackPath, { schema: { hide: true, querystring: query } }, async (request, reply) => {
      const userId = await sessionUser(app, request, reply);
      return send(reply, await completeCallback(integration, userId, request.query));
    });
    app.get<{ Querystring: Record<string, string> }>(adminConsentCallbackPath, { schema: { hide: true, querystring: query } }, async (request, reply) => {
      const userId = await sessionUser(app, request, reply);
      return send(reply, await completeAdminConsent(integration, userId, request.query));
    });
  };
}
