import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AccessClaims } from '../../core/auth.js';
import type { SandboxContext } from '../../core/context.js';
import { requestOrigin } from '../../core/origin.js';
import { ensureMailboxOnce } from '../mail/mailbox.js';
import { graphState } from '../state.js';
import { authenticate, requirePermission, type GraphPermission } from './auth.js';
import { GraphError, accessDenied } from './errors.js';
import { takeFault } from './faults.js';
import { unknownSegment, unservedUserSegment } from './unserved.js';
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

type Handler = (req: FastifyRequest, reply: FastifyReply, params: Record<string, string>) => Promise<unknown>;
interface Tail {
  pattern: RegExp;
  names: string[];
  handler: Handler;
}
const tails = new WeakMap<FastifyInstance, Map<string, Tail[]>>();

/**
 * Exchange ids are ~150 characters, beyond Fastify's default maxParamLength (100, answered with
 * 414). So the part of a path from the first id on is matched here, behind one wildcard route
 * per prefix, and works whatever the listener's router options are.
 */
function registerTail(app: FastifyInstance, method: string, url: string, handler: Handler): void {
  const at = url.indexOf('/:', url.startsWith('/v1.0/users/:userKey') ? '/v1.0/users/:userKey'.length : 0);
  if (at < 0) {
    app.route({ method, url, handler: (req, reply) => handler(req, reply, req.params as Record<string, string>) });
    return;
  }
  const prefix = url.slice(0, at + 1);
  const names: string[] = [];
  const source = url.slice(at + 1).split('/').map((seg) => {
    if (!seg.startsWith(':')) return seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    names.push(seg.slice(1));
    return '([^/]+)';
  }).join('/');
  let byKey = tails.get(app);
  if (!byKey) tails.set(app, (byKey = new Map()));
  const key = `${method} ${prefix}`;
  let list = byKey.get(key);
  if (!list) {
    const entries: Tail[] = (list = []);
    byKey.set(key, entries);
    app.route({
      method, url: `${prefix}*`,
      handler: (req, reply) => {
        const params = req.params as Record<string, string>;
        return matchTail(entries, req, reply, params, params['*'] ?? '');
      },
    });
  }
  list.push({ pattern: new RegExp(`^${source}$`), names, handler });
}

function matchTail(entries: Tail[], req: FastifyRequest, reply: FastifyReply, params: Record<string, string>, rest: string) {
  for (const t of entries) {
    const m = t.pattern.exec(rest);
    if (!m) continue;
    const found: Record<string, string> = { ...params };
    t.names.forEach((n, i) => (found[n] = decodeURIComponent(m[i + 1]!)));
    return t.handler(req, reply, found);
  }
  throw unknownSegment(rest.split('/').pop() ?? '');
}

/**
 * OData also addresses an entity by key in parentheses: `mailFolders('inbox')/messages/delta`.
 * Paths under /me that no route matched are rewritten to the slash form and dispatched again;
 * whatever still matches nothing is Graph's 400 for an unknown segment.
 */
export function registerKeyFallback(app: FastifyInstance): void {
  for (const base of ['/v1.0/me/', '/v1.0/users/:userKey/']) {
    app.route({
      method: ['GET', 'POST', 'PATCH', 'DELETE'], url: `${base}*`,
      handler: (req, reply) => {
        const params = req.params as Record<string, string>;
        const rest = (params['*'] ?? '').replace(/(\w+)\((?:'|%27)([^/]*?)(?:'|%27)\)/g, (_m, seg: string, key: string) => `${seg}/${key}`);
        const [first = '', ...tail] = rest.split('/');
        const entries = tails.get(app)?.get(`${req.method} ${base}${first}/`);
        if (!entries || !tail.length) throw unservedUserSegment(first) ?? unknownSegment(first);
        return matchTail(entries, req, reply, params, tail.join('/'));
      },
    });
  }
}

/**
 * Registers one Graph endpoint under both `/v1.0/me` and `/v1.0/users/{id}`, behind the pipeline
 * every Outlook request goes through: token, mailbox, permission, injected faults, throttling,
 * latency. The concurrency slot is held until the handler has produced its answer.
 */
export function graphRoute(app: FastifyInstance, ctx: SandboxContext, route: GraphRoute): void {
  const endpoint = `${route.method} /me${route.path}`;
  const handler: Handler = async (req, reply, params) => {
    const state = graphState(ctx);
    countCall(state, endpoint);
    const c = authenticate(ctx, req);
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
  registerTail(app, route.method, `/v1.0/me${route.path}`, handler);
  registerTail(app, route.method, `/v1.0/users/:userKey${route.path}`, handler);
}

/** The origin this request reached Graph at; links in responses point back to it. */
export function graphBase(ctx: SandboxContext, req: FastifyRequest): string {
  return requestOrigin(req, ctx.urls.graph, ctx.config.publicGraphUrl?.replace(/\/+$/, '').replace(/\/v1\.0$/, ''));
}
