import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SandboxContext } from '../core/context.js';
import { GraphError } from './http/errors.js';
import { registerDeltaControl } from './delta/control.js';
import { epochKeeper, replaySettings } from './delta/settings.js';
import { statsSnapshot } from './http/stats.js';
import { folderJson } from './mail/folders.js';
import { ensureMailbox, readSettings, writeSettings } from './mail/mailbox.js';
import type { FolderRow } from './mail/rows.js';
import { deliverOutsideMail, generateMailbox, sentFromOutlook } from './mail/seed.js';
import { mergeAutomaticReplies } from './mailboxSettings.js';
import { ianaOf } from './calendar/zones.js';
import { emptyStats, graphState, type Fault } from './state.js';

type Body = Record<string, unknown>;

class ControlError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

/** Mailboxes are addressed by user id or by UPN/mail. */
function mailbox(ctx: SandboxContext, key: unknown): string {
  if (typeof key !== 'string' || !key) throw new ControlError(400, "'mailbox' (user id or UPN) is required");
  const user = ctx.directory.userById(key) ?? ctx.directory.userByEmail(key);
  if (!user) throw new ControlError(404, `no such user: ${key}`);
  ensureMailbox(ctx, user.id);
  return user.id;
}

/** [{name?, address}] from a control body; the name defaults to the address, as Outlook shows it. */
function addresses(value: unknown, field: string): Array<{ name: string; address: string }> {
  if (!Array.isArray(value)) throw new ControlError(400, `'${field}' must be a list of {name, address}`);
  return value.map((a: { name?: unknown; address?: unknown }) => {
    if (typeof a?.address !== 'string' || !a.address.includes('@')) throw new ControlError(400, `'${field}' has an entry without an address`);
    return { name: typeof a.name === 'string' && a.name ? a.name : a.address, address: a.address };
  });
}

const body = (req: FastifyRequest): Body => (req.body && typeof req.body === 'object' ? (req.body as Body) : {});

export function registerControlRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  const state = graphState(ctx);
  app.setErrorHandler((err: Error & { statusCode?: number }, _req, reply: FastifyReply) => {
    const status = err instanceof ControlError ? err.status : err instanceof GraphError ? err.status : (err.statusCode ?? 500);
    return reply.code(status).send({ error: { message: err.message } });
  });

  app.post('/control/mail/deliver', async (req, reply) => {
    const b = body(req);
    const from = b.from as { name?: string; address?: string } | undefined;
    if (!from?.address) throw new ControlError(400, "'from.address' is required");
    const userId = mailbox(ctx, b.mailbox);
    const id = deliverOutsideMail(ctx, userId, {
      from: { name: from.name ?? from.address, address: from.address },
      subject: String(b.subject ?? ''), body: String(b.body ?? ''),
      ...(typeof b.receivedDateTime === 'string' ? { receivedDateTime: b.receivedDateTime } : {}),
      ...(b.cc !== undefined ? { cc: addresses(b.cc, 'cc') } : {}),
    });
    return reply.code(201).send({ mailbox: userId, id });
  });

  // The user sends mail from Outlook itself: a message in Sent Items, from them, to these people.
  app.post('/control/mail/sent', async (req, reply) => {
    const b = body(req);
    const userId = mailbox(ctx, b.mailbox);
    const id = sentFromOutlook(ctx, userId, {
      to: addresses(b.to, 'to'), cc: addresses(b.cc ?? [], 'cc'), bcc: addresses(b.bcc ?? [], 'bcc'),
      subject: String(b.subject ?? ''), body: String(b.body ?? ''),
    });
    return reply.code(201).send({ mailbox: userId, id });
  });

  app.get('/control/mail/folders', async (req) => {
    const userId = mailbox(ctx, (req.query as { mailbox?: string }).mailbox);
    const rows = ctx.db.prepare('SELECT * FROM gm_folder WHERE user_id = ? AND parent_id IS NOT NULL ORDER BY rowid').all(userId) as FolderRow[];
    return { mailbox: userId, value: rows.map((f) => ({ ...folderJson(ctx.db, f), wellKnownName: f.well_known })) };
  });

  app.post('/control/mail/generate', async (req) => {
    const b = body(req);
    const userId = mailbox(ctx, b.mailbox);
    const started = performance.now();
    generateMailbox(ctx, userId, Number(b.count));
    return { mailbox: userId, generated: Number(b.count), ms: Math.round(performance.now() - started) };
  });

  app.put('/control/mail/automatic-replies', async (req) => {
    const { mailbox: key, ...setting } = body(req);
    const userId = mailbox(ctx, key);
    const next = mergeAutomaticReplies(readSettings(ctx.db, userId), setting);
    writeSettings(ctx.db, userId, next);
    return { mailbox: userId, automaticRepliesSetting: next.automaticRepliesSetting };
  });

  // The user changing their time zone in Outlook's settings (Tandem's app may only read them).
  app.put('/control/mail/mailbox-settings', async (req) => {
    const { mailbox: key, timeZone } = body(req);
    const userId = mailbox(ctx, key);
    if (typeof timeZone !== 'string' || !ianaOf(timeZone)) throw new ControlError(400, "'timeZone' must be a Windows or IANA time zone name");
    writeSettings(ctx.db, userId, { ...readSettings(ctx.db, userId), timeZone });
    return { mailbox: userId, timeZone };
  });

  app.post('/control/mail/faults', async (req) => {
    const b = body(req);
    const userId = mailbox(ctx, b.mailbox);
    const status = Number(b.status);
    if (![429, 500, 503].includes(status)) throw new ControlError(400, "'status' must be 429, 500 or 503");
    const count = b.count === undefined ? 1 : Number(b.count);
    if (!Number.isInteger(count) || count < 1) throw new ControlError(400, "'count' must be a positive integer");
    const fault: Fault = { status: status as Fault['status'], remaining: count };
    if (b.retryAfter !== undefined) fault.retryAfter = Number(b.retryAfter);
    state.faults.set(userId, fault);
    return { mailbox: userId, fault };
  });

  app.delete('/control/mail/faults/:mailbox', async (req) => {
    const userId = mailbox(ctx, (req.params as { mailbox: string }).mailbox);
    state.faults.delete(userId);
    return { mailbox: userId, cleared: true };
  });

  app.post('/control/mail/delta/evict', async (req) => {
    const b = body(req);
    const userId = mailbox(ctx, b.mailbox);
    const code = b.code ?? 'syncStateNotFound';
    if (code !== 'syncStateNotFound' && code !== 'resyncRequired') throw new ControlError(400, "'code' must be syncStateNotFound or resyncRequired");
    epochKeeper('mail')!.evict(ctx, userId, code);
    return { mailbox: userId, code };
  });

  app.put('/control/mail/delta/replays', async (req) => {
    const b = body(req);
    const replays = replaySettings(ctx, 'mail', state.replays);
    if (b.mode !== undefined && b.mode !== 'off' && b.mode !== 'random' && b.mode !== 'always') throw new ControlError(400, "'mode' must be off, random or always");
    if (b.mode !== undefined) replays.mode = b.mode as 'off';
    if (b.probability !== undefined) replays.probability = Math.min(1, Math.max(0, Number(b.probability)));
    if (b.emptyPages !== undefined) replays.emptyPages = b.emptyPages === true;
    return replays;
  });

  app.put('/control/mail/throttling', async (req) => {
    const b = body(req);
    if (b.concurrency !== undefined) ctx.config.mailboxConcurrency = Number(b.concurrency);
    if (b.requestBudget !== undefined) ctx.config.mailboxRequestBudget = Number(b.requestBudget);
    if (b.latencyMs !== undefined) ctx.config.graphLatencyMs = Number(b.latencyMs);
    state.budget.clear();
    const { mailboxConcurrency, mailboxRequestBudget, graphLatencyMs } = ctx.config;
    return { concurrency: mailboxConcurrency, requestBudget: mailboxRequestBudget, latencyMs: graphLatencyMs };
  });

  registerDeltaControl(app, ctx, (key) => mailbox(ctx, key));

  app.get('/control/mail/stats', async () => statsSnapshot(state));
  app.post('/control/mail/stats/reset', async () => {
    state.stats = emptyStats();
    return statsSnapshot(state);
  });
}
