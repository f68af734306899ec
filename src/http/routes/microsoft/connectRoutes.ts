import type { FastifyInstance } from 'fastify';
import { DomainError } from '../../../crm/errors.js';
import { startAdminConsent } from '../../../app/microsoft/adminConsent.js';
import { ConnectError, startConnect } from '../../../app/microsoft/connect.js';
import { requestDisconnect } from '../../../app/microsoft/disconnect.js';
import { startEnableFeature, startReconnect } from '../../../app/microsoft/enableFeature.js';
import type { MicrosoftIntegration } from '../../../app/microsoft/integration.js';
import { connectionView } from '../../../app/microsoft/status.js';
import { principalOf } from '../../auth.js';
import { answerObject, emptyQuery, withErrors } from '../../schemas.js';
import { noBody } from '../mail/schemas.js';
import { connectionViewSchema } from './statusSchema.js';

const featureId = { type: 'string', pattern: '^[A-Za-z]{1,40}$' } as const;
const authorizeReply = withErrors({ 200: { type: 'object', properties: { authorizeUrl: { type: 'string' } }, required: ['authorizeUrl'] }, 409: { type: 'object', additionalProperties: true } });

const CALLERS_MISTAKE = new Set<ConnectError['kind']>(['unknownFeature', 'comingSoon', 'unknownOrganization', 'organizationRequired']);

/** ConnectError kinds are the caller's problem (400) or a state conflict (409), never a 500. */
function asDomainError(err: unknown): unknown {
  if (!(err instanceof ConnectError)) return err;
  return new DomainError(CALLERS_MISTAKE.has(err.kind) ? 'validation_failed' : 'conflict', err.message);
}

async function authorize(work: () => Promise<string>): Promise<{ authorizeUrl: string }> {
  try {
    return { authorizeUrl: await work() };
  } catch (err) {
    throw asDomainError(err);
  }
}

/** The Settings → Integrations → Microsoft 365 API: every route acts on the caller's own connection only. */
export function connectRoutes(integration: MicrosoftIntegration) {
  return async (app: FastifyInstance): Promise<void> => {
    app.addHook('onRequest', app.authenticate);

    app.get('/api/microsoft', { schema: { tags: ['microsoft'], querystring: emptyQuery, response: withErrors({ 200: connectionViewSchema }) } },
      async (request) => connectionView(integration, principalOf(request).userId));

    app.post<{ Body: { features: string[] } }>('/api/microsoft/connect', {
      schema: {
        tags: ['microsoft'],
        body: { type: 'object', properties: { features: { type: 'array', items: featureId, maxItems: 50 } }, required: ['features'], additionalProperties: false },
        response: authorizeReply,
      },
    }, async (request) => authorize(() => startConnect(integration, principalOf(request), request.body.features)));

    app.post<{ Params: { id: string } }>('/api/microsoft/features/:id/enable', {
      schema: { tags: ['microsoft'], params: { type: 'object', properties: { id: featureId }, required: ['id'], additionalProperties: false }, body: noBody, response: authorizeReply },
    }, async (request) => authorize(() => startEnableFeature(integration, principalOf(request), request.params.id)));

    app.post('/api/microsoft/reconnect', { schema: { tags: ['microsoft'], body: noBody, response: authorizeReply } },
      async (request) => authorize(() => startReconnect(integration, principalOf(request))));

    // One feature ("Authorize SharePoint for the org") or the features of a refused first connect;
    // `organization` (a verified domain) only matters before the caller has a connected account.
    app.post<{ Body: { feature?: string; features?: string[]; organization?: string } }>('/api/microsoft/admin-consent', {
      schema: {
        tags: ['microsoft'],
        body: {
          type: 'object',
          properties: { feature: featureId, features: { type: 'array', items: featureId, minItems: 1, maxItems: 50 }, organization: { type: 'string', minLength: 1, maxLength: 253 } },
          anyOf: [{ required: ['feature'] }, { required: ['features'] }],
          additionalProperties: false,
        },
        response: authorizeReply,
      },
    }, async (request) => {
      const { feature, features, organization } = request.body;
      return authorize(() => startAdminConsent(integration, principalOf(request), [...(feature ? [feature] : []), ...(features ?? [])], organization));
    });

    app.post('/api/microsoft/disconnect', { schema: { tags: ['microsoft'], body: noBody, response: withErrors({ 202: answerObject({ status: { type: 'string' } }) }) } },
      async (request, reply) => {
        const outcome = await requestDisconnect(integration, principalOf(request).userId);
        if (outcome === 'not_connected') throw new DomainError('not_found', 'no Microsoft 365 account is connected');
        return reply.status(202).send({ status: 'disconnecting' });
      });

    app.delete('/api/microsoft/disconnect-receipt', { schema: { tags: ['microsoft'], description: 'Dismisses what the last disconnect removed (lastDisconnect in GET /api/microsoft).', response: withErrors({ 204: { type: 'null' } }) } },
      async (request, reply) => {
        if (!(await integration.disconnectReceipts.delete(principalOf(request).userId))) throw new DomainError('not_found', 'there is no disconnect to dismiss');
        return reply.status(204).send();
      });
  };
}
