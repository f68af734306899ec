import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { SandboxContext } from '../../core/context.js';
import { createFolder, deleteFolder, renameFolder } from './folderStore.js';
import type { ContactRow, FolderRow } from './schema.js';
import { generateContacts } from './seed.js';
import { contactObject, folderObject } from './serialize.js';
import { contactById, deleteContacts, ensureContacts, folderByKey } from './store.js';
import { createContact, patchContact } from './write.js';

type Body = Record<string, unknown>;
const fail = (status: number, message: string) => Object.assign(new Error(message), { statusCode: status });
const body = (req: FastifyRequest): Body => (req.body && typeof req.body === 'object' ? (req.body as Body) : {});
const folderJson = (f: FolderRow) => ({ ...folderObject(f), isDefault: f.is_default === 1 });

/**
 * The contacts part of the control API: what a user does "in Outlook" (folders and contacts,
 * with the same validation, delta and notifications as through Graph) and bulk generation.
 * `{user}` is an object id or a UPN. Ids ride in wildcards: Fastify's default parameter length
 * (100) is shorter than an Exchange id.
 */
export function registerContactsControl(app: FastifyInstance, ctx: SandboxContext): void {
  const user = (key: string): string => {
    const u = ctx.directory.userById(key) ?? ctx.directory.userByEmail(key);
    if (!u) throw fail(404, `no such user: ${key}`);
    ensureContacts(ctx, u.id);
    return u.id;
  };
  const params = (req: FastifyRequest) => req.params as { user: string; '*'?: string };
  const folder = (userId: string, key: unknown): FolderRow => {
    const f = typeof key === 'string' && key ? folderByKey(ctx, userId, key) : ensureContacts(ctx, userId);
    if (!f) throw fail(404, `no such contact folder: ${String(key)}`);
    return f;
  };
  const contact = (req: FastifyRequest): ContactRow => {
    const { user: key, '*': id = '' } = params(req);
    const row = contactById(ctx.db, id);
    if (!row || row.user_id !== user(key)) throw fail(404, `no such contact: ${id}`);
    return row;
  };
  const P = '/control/contacts/:user';

  app.get(`${P}/folders`, async (req) => {
    const userId = user(params(req).user);
    const rows = ctx.db.prepare('SELECT * FROM gc_folder WHERE user_id = ? ORDER BY is_default DESC, created, rowid').all(userId) as FolderRow[];
    return { user: userId, value: rows.map(folderJson) };
  });
  app.post(`${P}/folders`, async (req, reply) => {
    const userId = user(params(req).user);
    const b = body(req);
    return reply.code(201).send(folderJson(createFolder(ctx, folder(userId, b.parentFolderId), b.displayName)));
  });
  app.patch(`${P}/folders/*`, async (req) => {
    const { user: key, '*': id } = params(req);
    return folderJson(renameFolder(ctx, folder(user(key), id), body(req).displayName));
  });
  app.delete(`${P}/folders/*`, async (req, reply) => {
    const { user: key, '*': id } = params(req);
    deleteFolder(ctx, folder(user(key), id));
    return reply.code(204).send();
  });

  app.get(`${P}/contacts`, async (req) => {
    const userId = user(params(req).user);
    const { folderId } = req.query as { folderId?: string };
    const rows = folderId
      ? ctx.db.prepare('SELECT * FROM gc_contact WHERE folder_id = ? ORDER BY created, pk').all(folder(userId, folderId).id)
      : ctx.db.prepare('SELECT * FROM gc_contact WHERE user_id = ? ORDER BY created, pk').all(userId);
    return { user: userId, value: (rows as ContactRow[]).map((r) => contactObject(r)) };
  });
  app.post(`${P}/contacts`, async (req, reply) => {
    const userId = user(params(req).user);
    const { parentFolderId, ...rest } = body(req);
    return reply.code(201).send(contactObject(createContact(ctx, folder(userId, parentFolderId), rest)));
  });
  app.get(`${P}/contacts/*`, async (req) => contactObject(contact(req)));
  app.patch(`${P}/contacts/*`, async (req) => contactObject(patchContact(ctx, contact(req), body(req))));
  app.delete(`${P}/contacts/*`, async (req, reply) => {
    deleteContacts(ctx, [contact(req)]);
    return reply.code(204).send();
  });

  app.post(`${P}/generate`, async (req) => {
    const userId = user(params(req).user);
    const b = body(req);
    const started = performance.now();
    const made = generateContacts(ctx, userId, { contacts: Number(b.contacts ?? 100), folders: Number(b.folders ?? 1) });
    const count = ctx.db.prepare('SELECT COUNT(*) AS n FROM gc_contact WHERE folder_id = ?');
    return {
      user: userId, contacts: made.contacts, ms: Math.round(performance.now() - started),
      folders: made.folders.map((f) => ({ ...folderJson(f), totalContacts: (count.get(f.id) as { n: number }).n })),
    };
  });
}
