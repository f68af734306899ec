import Fastify, { type FastifyInstance } from 'fastify';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createControlServer } from './control/index.js';
import type { SandboxConfig } from './core/config.js';
import { bindListener, type Bound } from './core/listen.js';
import type { SandboxContext } from './core/context.js';
import { openSandboxDb } from './core/db.js';
import { ChangeBus } from './core/events.js';
import { graphSchema, registerGraph } from './graph/index.js';
import { IdentityPlatform, identitySchema, registerIdentity, registerSignInPages } from './identity/index.js';
import { notificationSchema, registerSubscriptions } from './notifications/index.js';
import { seedDemo } from './seed/demo.js';
import { startTrickle } from './seed/trickle.js';
import { ensureTls } from './tls/certificates.js';

export interface RegisteredApp { clientId: string; clientSecret: string; redirectUris: string[]; displayName: string }

export interface RunningSandbox {
  /**
   * Base URLs without a trailing slash: login and graph are https, control is http, and signIn
   * (the browser-facing sign-in pages) is http on localhost.
   */
  urls: { login: string; graph: string; control: string; signIn: string };
  /** The CA that signed the login and Graph certificates: trust it, never disable verification. */
  caPem: string;
  caFile: string;
  context: SandboxContext;
  identity: IdentityPlatform;
  /** The apps from config.apps, as registered (secrets included, for the caller's own use). */
  apps: RegisteredApp[];
  /** Addresses the login and Graph listeners accept connections on (`localhost` binds both loopbacks). */
  addresses: string[];
  /** Whether this start created the demo tenants. */
  seeded: boolean;
  close(): Promise<void>;
}


/**
 * Starts the sandbox tenant: login (HTTPS), Graph (HTTPS) and control (HTTP, loopback)
 * listeners over one SQLite file under config.dataDir. State persists across restarts.
 */
export async function startSandbox(config: SandboxConfig): Promise<RunningSandbox> {
  mkdirSync(config.dataDir, { recursive: true });
  const tls = ensureTls(config.dataDir);
  const db = openSandboxDb(join(config.dataDir, 'sandbox.sqlite'), [...identitySchema, ...graphSchema, ...notificationSchema]);
  const now = (): number => Date.now();
  const identity = new IdentityPlatform(db, config, now);
  const context: SandboxContext = {
    config, db, bus: new ChangeBus(), tokens: identity.tokens, directory: identity.directory,
    // Filled in once the listeners are bound; modules must read them at request time.
    urls: { login: '', graph: '', control: '' },
    now,
  };

  const https = { key: tls.keyPem, cert: tls.certPem };
  const login = Fastify({ logger: false, https });
  const graph = Fastify({ logger: false, https, bodyLimit: 8 * 1024 * 1024 });
  const signIn = Fastify({ logger: false });
  let subscriptions: { close(): Promise<void> } | undefined;
  let control: FastifyInstance | undefined;
  const stops: Array<() => void> = [];
  const bound: Bound[] = [];

  const close = async (): Promise<void> => {
    for (const stop of stops) stop();
    await subscriptions?.close();
    await Promise.allSettled(bound.map((b) => b.close()));
    await Promise.allSettled([login.close(), graph.close(), signIn.close(), control?.close()]);
    if (db.open) db.close();
  };

  try {
    await registerIdentity(login, identity);
    await registerSignInPages(signIn, identity);
    await registerGraph(graph, context);
    subscriptions = await registerSubscriptions(graph, context);
    control = await createControlServer(context, identity, tls.caFile);

    bound.push(await bindListener(login, config.host, config.loginPort, 'https', https));
    bound.push(await bindListener(graph, config.host, config.graphPort, 'https', https));
    // The control API is never exposed beyond loopback, whatever host the others use.
    bound.push(await bindListener(control, '127.0.0.1', config.controlPort, 'http'));
    [context.urls.login, context.urls.graph, context.urls.control] = bound.map((b) => b.url) as [string, string, string];
    // Always loopback: plain HTTP is secure in a browser only there.
    const pages = await bindListener(signIn, 'localhost', config.signInPort, 'http');
    bound.push(pages);
    identity.loginBase = context.urls.login;

    const apps = config.apps.map((a) => ({ ...identity.apps.register(a), clientSecret: a.clientSecret }));
    const seeded = config.seedDemo ? seedDemo(context, identity) : false;
    if (config.trickleMs > 0) stops.push(startTrickle(context, identity, config.trickleMs));
    const prune = setInterval(() => { identity.tokens.prune(); identity.codes.prune(); }, 10 * 60_000);
    prune.unref();
    stops.push(() => clearInterval(prune));

    const addresses = bound[1]!.addresses;
    return { urls: { ...context.urls, signIn: pages.url }, caPem: tls.caPem, caFile: tls.caFile, context, identity, apps, addresses, seeded, close };
  } catch (err) {
    await close();
    throw err;
  }
}
