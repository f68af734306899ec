// Test support for the subscription engine: a fake sandbox context, a webhook receiver and a
// condition poller. Used by test/sandbox/notifications*.test.ts; not loaded by the sandbox.
import Fastify, { type FastifyInstance } from 'fastify';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AccessClaims } from '../core/auth.js';
import { defaultSandboxConfig } from '../core/config.js';
import type { SandboxContext } from '../core/context.js';
import { openSandboxDb } from '../core/db.js';
import type { DirectoryUser } from '../core/directory.js';
import { ChangeBus, type ResourceChange } from '../core/events.js';
import { notificationSchema, registerNotificationControl, registerSubscriptions } from './index.js';
import type { NotificationOptions } from './options.js';

export const TENANT = '11111111-2222-3333-4444-555555555555';
export const APP = 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';

export interface Harness {
  app: FastifyInstance;
  ctx: SandboxContext;
  /** Mints a bearer token for a user with the given scopes. */
  token(userId: string, scopes: string[], appId?: string): string;
  users: DirectoryUser[];
  /** Moves the sandbox clock forward. */
  advance(ms: number): void;
  close(): Promise<void>;
}

export async function startHarness(options: Partial<NotificationOptions> = {}, delayMs = 40): Promise<Harness> {
  const users: DirectoryUser[] = ['adele', 'bob'].map((name, i) => ({
    id: `0000000${i}-aaaa-bbbb-cccc-000000000000`, tenantId: TENANT, userPrincipalName: `${name}@contoso.test`,
    displayName: name, mail: `${name}@contoso.test`, isAdmin: false,
  }));
  const tokens = new Map<string, AccessClaims>();
  let offset = 0;
  const ctx: SandboxContext = {
    config: { ...defaultSandboxConfig('/nonexistent'), notificationDelayMs: delayMs },
    db: openSandboxDb(':memory:', notificationSchema),
    bus: new ChangeBus(),
    tokens: { verify: (t) => tokens.get(t) ?? null },
    directory: {
      userById: (id) => users.find((u) => u.id === id),
      userByEmail: (e) => users.find((u) => u.mail.toLowerCase() === e.toLowerCase()),
      usersInTenant: () => users,
    },
    urls: { login: 'https://127.0.0.1:1', graph: 'https://127.0.0.1:2', control: 'http://127.0.0.1:3' },
    now: () => Date.now() + offset,
  };
  const app = Fastify();
  const engine = await registerSubscriptions(app, ctx, options);
  await registerNotificationControl(app, ctx);
  await app.ready();
  return {
    app, ctx, users,
    token(userId, scopes, appId = APP) {
      const t = `tok-${tokens.size}-${userId}`;
      tokens.set(t, { tenantId: TENANT, userId, appId, scopes: new Set(scopes), upn: userId, expiresAt: Date.now() + offset + 3_600_000 });
      return t;
    },
    advance(ms) {
      offset += ms;
    },
    async close() {
      await engine.close();
      await app.close();
      ctx.db.close();
    },
  };
}

export interface Received {
  path: string;
  query: URLSearchParams;
  contentType: string;
  raw: string;
  json?: { value: Array<Record<string, unknown>> };
}

export interface Answer {
  status: number;
  body?: string;
  contentType?: string;
  /** Hold the answer this long (to play a slow endpoint). */
  delayMs?: number;
}

/** A webhook endpoint on 127.0.0.1: records every request and answers as `respond` says. */
export class Receiver {
  readonly requests: Received[] = [];
  /** Defaults to Graph's happy path: echo the decoded token, acknowledge notifications with 202. */
  respond: (r: Received) => Answer = (r) => {
    const token = r.query.get('validationToken');
    return token !== null ? { status: 200, body: token, contentType: 'text/plain' } : { status: 202 };
  };
  private server!: Server;
  url = '';

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((ok) => this.server.listen(0, '127.0.0.1', ok));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  notifications(path?: string): Array<{ value: Array<Record<string, unknown>> }> {
    return this.requests.filter((r) => r.json && (!path || r.path === path)).map((r) => r.json!);
  }

  items(path?: string): Array<Record<string, unknown>> {
    return this.notifications(path).flatMap((n) => n.value);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((ok) => this.server.close(() => ok()));
  }

  private async handle(req: IncomingMessage, res: import('node:http').ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const url = new URL(req.url ?? '/', 'http://x');
    const raw = Buffer.concat(chunks).toString('utf8');
    const r: Received = { path: url.pathname, query: url.searchParams, contentType: req.headers['content-type'] ?? '', raw };
    if (!url.searchParams.has('validationToken') && raw) r.json = JSON.parse(raw) as Received['json'];
    this.requests.push(r);
    const answer = this.respond(r);
    if (answer.delayMs) await new Promise((ok) => setTimeout(ok, answer.delayMs));
    if (res.destroyed) return;
    res.writeHead(answer.status, answer.contentType ? { 'content-type': answer.contentType } : {});
    res.end(answer.body ?? '');
  }
}

/** Polls until `check` is truthy or the deadline passes (then throws with `what`). */
export async function waitFor<T>(what: string, check: () => T | undefined | false, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((ok) => setTimeout(ok, 10));
  }
}

export function messageChange(userId: string, id: string, changeType: ResourceChange['changeType'] = 'created', folderId = 'AQMkAGInbox'): ResourceChange {
  return {
    tenantId: TENANT, userId, changeType, odataType: '#Microsoft.Graph.Message', id, etag: `W/"CQAAABYAAA${id}"`,
    resourcePaths: [`Users/${userId}/Messages/${id}`, `Users/${userId}/MailFolders/${folderId}/Messages/${id}`],
  };
}

export const inMinutes = (h: Harness, minutes: number): string => new Date(h.ctx.now() + minutes * 60_000).toISOString();
