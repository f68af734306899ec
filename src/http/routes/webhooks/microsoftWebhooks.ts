import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { IntakeKind } from '../../../app/microsoft/sync/intake.js';

export interface WebhookIntake {
  accept(items: unknown[], kind: IntakeKind): Promise<{ accepted: number; rejected: number }>;
}

const PATHS: Array<[string, IntakeKind]> = [
  ['/webhooks/microsoft', 'change'],
  ['/webhooks/microsoft/lifecycle', 'lifecycle'],
];

let quiet: FastifyBaseLogger | undefined;

/**
 * One logger at warn (or quieter) for every notification, made once: a request log line, or even a
 * child logger, per POST would cost more than storing the notification.
 */
function quietLogger(logger: FastifyBaseLogger): FastifyBaseLogger {
  quiet ??= logger.child({ route: 'microsoftWebhooks' }, { level: ['error', 'fatal', 'silent'].includes(logger.level) ? logger.level : 'warn' });
  return quiet;
}

/**
 * Graph's change and lifecycle notifications. No session, no CSRF: each item proves itself with
 * its subscription's clientState. The validation handshake is answered before anything else, and
 * notifications are stored and acknowledged without calling Graph (Graph drops slow endpoints).
 */
export function microsoftWebhookRoutes(intake: WebhookIntake) {
  return async (app: FastifyInstance): Promise<void> => {
    // Graph's handshake may come as text/plain or with no body: take every body as text here.
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => done(null, body));
    for (const [path, kind] of PATHS) {
      app.post(path, { schema: { hide: true }, childLoggerFactory: quietLogger }, async (request, reply) => {
        const token = (request.query as Record<string, unknown>).validationToken;
        if (typeof token === 'string') return reply.code(200).type('text/plain; charset=utf-8').send(token);
        let body: unknown;
        try {
          body = JSON.parse(typeof request.body === 'string' ? request.body : '');
        } catch {
          return reply.code(400).send({ error: { code: 'bad_request', message: 'the body is not JSON' } });
        }
        const value = (body as { value?: unknown } | null)?.value;
        if (!Array.isArray(value)) return reply.code(400).send({ error: { code: 'bad_request', message: 'expected {"value":[...]}' } });
        await intake.accept(value, kind);
        return reply.code(202).send();
      });
    }
  };
}
