import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AccessClaims } from '../../core/auth.js';
import type { SandboxContext } from '../../core/context.js';
import { ensureMailboxOnce } from '../mail/mailbox.js';
import { graphState } from '../state.js';
import { authenticate, requirePermission, type GraphPermission } from './auth.js';
import { GraphError, accessDenied } from './errors.js';
import { takeFault } from './faults.js';
import { addLatency } from './latency.js';
import { preferences, type Preferences } from './prefer.js';
import { countCall, recordHandlerTime } from './stats.js';
import { admit } from './throttle.js';

export interface GraphCall {
  req: FastifyRequest;
  reply: FastifyReply;
  ctx: SandboxContext;
  claims: AccessClaims;
  /** The mailbox owner the URL names (always the signed-in user: delegated tokens reach no one else). */
  userId: string;
  prefs: Preferences;
  params: Record<string, string>;
  query: Record<string, string | undefined>;
  body: Record<string, unknown>;
}

export interface GraphRoute {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** Path below the user, e.g. `/messages/:messageId`; '' is the user itself. */
  path: string;
  /** Any one of these satisfies the endpoint. */
  permissions: GraphPermission[];
  handler(call: GraphCall): unknown;
}

/** Resolves `/users/{id|userPrincipalName}` to the signed-in user, or refuses as Graph does. */
function mailboxOwner(ctx: SandboxContext, c: AccessClaims, userKey: string | undefined): string {
  if (userKey === undefined) return c.userId;
  const key = userKey.toLowerCase();
  const self = ctx.directory.userById(c.userId);
  if (key === c.userId.toLowerCase() || key === c.upn.toLowerCase() || key === self?.mail.toLowerCase()) return c.userId;
  const other = ctx.directory.userById(userKey) ?? ctx.directory.userByEmail(userKey);
  if (other && other.tenantId === c.tenantId) throw accessDenied();
  throw new GraphError(404, 'ErrorInvalidUser', `The requested user '${userKey}' is invalid.`);
}

/**
 * Registers one Graph endpoint under both `/v1.0/me` and `/v1.0/users/{id}`, behind the pipeline
 * every Outlook request goes through: token, mailbox, permission, injected faults, throttling,
 * latency. The concurrency slot is held until the handler has produced its answer.
 */
export function graphRoute(app: FastifyInstance, ctx: SandboxContext, route: GraphRoute): void {
  const endpoint = `${route.method} /me${route.path}`;
  const handler = async (req: FastifyRequest, reply: FastifyReply) => {
    const state = graphState(ctx);
    countCall(state, endpoint);
    const c = authenticate(ctx, req);
    const params = req.params as Record<string, string>;
    const userId = mailboxOwner(ctx, c, params.userKey);
    requirePermission(req, ...route.permissions);
    takeFault(state, userId);
    const release = admit(ctx, state, c.appId, userId);
    try {
      await addLatency(ctx);
      const wall = performance.now();
      const cpu = process.cpuUsage();
      ensureMailboxOnce(ctx, userId);
      const result = await route.handler({
        req, reply, ctx, claims: c, userId, prefs: preferences(req), params,
        query: req.query as Record<string, string | undefined>,
        body: (req.body && typeof req.body === 'object' ? req.body : {}) as Record<string, unknown>,
      });
      const used = process.cpuUsage(cpu);
      recordHandlerTime(state, endpoint, performance.now() - wall, (used.user + used.system) / 1000);
      return result;
    } finally {
      release();
    }
  };
  app.route({ method: route.method, url: `/v1.0/me${route.path}`, handler });
  app.route({ method: route.method, url: `/v1.0/users/:userKey${route.path}`, handler });
}

/** The public origin clients reach Graph at; links in responses point back to it. */
export function graphBase(ctx: SandboxContext, req: FastifyRequest): string {
  const configured = ctx.urls.graph?.replace(/\/+$/, '').replace(/\/v1\.0$/, '');
  return configured || `https://${req.headers.host ?? '127.0.0.1'}`;
}
