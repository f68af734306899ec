/**
 * A Graph-only sandbox for tests: Fastify with registerGraph and registerMailControl over an
 * in-memory SQLite db, a fake token verifier (bearer string -> claims) and a fake directory.
 * Requests go through app.inject, so every Graph route, hook and error handler is exercised.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import type { AccessClaims, TokenVerifier } from '../../sandbox/core/auth.js';
import { defaultSandboxConfig, type SandboxConfig } from '../../sandbox/core/config.js';
import type { SandboxContext } from '../../sandbox/core/context.js';
import { openSandboxDb } from '../../sandbox/core/db.js';
import type { DirectoryReader, DirectoryUser } from '../../sandbox/core/directory.js';
import { ChangeBus, type ResourceChange } from '../../sandbox/core/events.js';
import { graphSchema, registerGraph, registerMailControl } from '../../sandbox/graph/index.js';

export const TENANT = '11111111-1111-1111-1111-111111111111';
const OTHER_TENANT = '22222222-2222-2222-2222-222222222222';
const user = (id: string, name: string, local: string, tenantId = TENANT, domain = 'contoso.test'): DirectoryUser => ({
  id, tenantId, displayName: name, userPrincipalName: `${local}@${domain}`, mail: `${local}@${domain}`, isAdmin: false,
});
export const USERS = {
  ann: user('aaaaaaaa-0000-0000-0000-000000000001', 'Ann Archer', 'ann'),
  bob: user('bbbbbbbb-0000-0000-0000-000000000002', 'Bob Baker', 'bob'),
  cat: user('cccccccc-0000-0000-0000-000000000003', 'Cat Cole', 'cat'),
  zed: user('dddddddd-0000-0000-0000-000000000004', 'Zed Zimmer', 'zed', OTHER_TENANT, 'fabrikam.test'),
};

export interface Reply<T> {
  status: number;
  headers: Record<string, string | string[] | number | undefined>;
  body: T;
}

export interface GraphHarness {
  app: FastifyInstance;
  control: FastifyInstance;
  ctx: SandboxContext;
  changes: ResourceChange[];
  /** A bearer token for the user with these scopes (and app id). */
  token(u: DirectoryUser, scopes: string[], appId?: string): string;
  call<T = Record<string, unknown>>(method: string, url: string, token: string, opts?: { body?: unknown; headers?: Record<string, string> }): Promise<Reply<T>>;
  ctl<T = Record<string, unknown>>(method: string, url: string, body?: unknown): Promise<Reply<T>>;
  /** Moves the sandbox clock forward (timestamps have second precision, as in Graph). */
  advanceClock(ms: number): void;
  close(): Promise<void>;
}

export async function startGraphHarness(config: Partial<SandboxConfig> = {}): Promise<GraphHarness> {
  const claims = new Map<string, AccessClaims>();
  let clockOffset = 0;
  const tokens: TokenVerifier = { verify: (b) => claims.get(b) ?? null };
  const all = Object.values(USERS);
  const directory: DirectoryReader = {
    userById: (id) => all.find((u) => u.id === id),
    userByEmail: (e) => all.find((u) => u.mail.toLowerCase() === e.toLowerCase() || u.userPrincipalName.toLowerCase() === e.toLowerCase()),
    usersInTenant: (t) => all.filter((u) => u.tenantId === t),
  };
  const ctx: SandboxContext = {
    config: { ...defaultSandboxConfig('/nonexistent'), ...config },
    db: openSandboxDb(':memory:', graphSchema),
    bus: new ChangeBus(),
    tokens,
    directory,
    urls: { login: 'https://login.test', graph: 'https://graph.test', control: 'http://control.test' },
    now: () => Date.now() + clockOffset,
  };
  const changes: ResourceChange[] = [];
  ctx.bus.subscribe((c) => changes.push(c));
  // Default router options on purpose: Graph ids (~150 characters) must work without tuning.
  const app = Fastify({ logger: false });
  await registerGraph(app, ctx);
  await app.ready();
  const control = Fastify({ logger: false });
  await registerMailControl(control, ctx);
  await control.ready();
  let n = 0;
  const parse = (payload: string) => (payload ? JSON.parse(payload) : undefined);
  return {
    app, control, ctx, changes,
    token(u, scopes, appId = 'app-1') {
      const bearer = `tok-${++n}`;
      claims.set(bearer, { tenantId: u.tenantId, userId: u.id, appId, scopes: new Set(scopes), upn: u.userPrincipalName, expiresAt: Date.now() + 3600_000 });
      return bearer;
    },
    async call(method, url, token, opts = {}) {
      const path = url.startsWith('https://graph.test') ? url.slice('https://graph.test'.length) : url;
      const res = await app.inject({
        method: method as 'GET', url: path,
        // Links are built from the host a request came to, as Graph's are.
        headers: { host: 'graph.test', authorization: `Bearer ${token}`, ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}), ...opts.headers },
        ...(opts.body !== undefined ? { payload: JSON.stringify(opts.body) } : {}),
      });
      return { status: res.statusCode, headers: res.headers, body: parse(res.payload) };
    },
    async ctl(method, url, body) {
      const res = await control.inject({
        method: method as 'GET', url,
        ...(body !== undefined ? { payload: JSON.stringify(body), headers: { 'content-type': 'application/json' } } : {}),
      });
      return { status: res.statusCode, headers: res.headers, body: parse(res.payload) };
    },
    advanceClock(ms) {
      clockOffset += ms;
    },
    async close() {
      await app.close();
      await control.close();
      ctx.db.close();
    },
  };
}

export const MAIL = ['Mail.ReadWrite', 'Mail.Send', 'User.Read', 'MailboxSettings.Read', 'People.Read'];
