import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { SandboxContext } from '../../core/context.js';
import { drivesOfSite } from './store.js';
import { receiveBuffer } from './blobs.js';
import { bulkFill, folderSync } from './bulk.js';
import { DRIVE_CODES, evictDriveDelta } from './delta.js';
import { itemJson, driveJson } from './serialize.js';
import { fileSettings, type FileSettings } from './settings.js';
import type { DriveRow, ItemRow } from './schema.js';
import { driveById, ensureUserDrive, itemById, pathOf, resolvePath, rootOf } from './store.js';
import { createFolder, deleteItem, ensureFolders, setQuota, updateItem, writeFile } from './write.js';

type Body = Record<string, unknown>;
const fail = (status: number, message: string) => Object.assign(new Error(message), { statusCode: status });
const body = (req: FastifyRequest): Body => (req.body && typeof req.body === 'object' ? (req.body as Body) : {});
const segments = (path: unknown) => (typeof path === 'string' ? path.split('/').filter(Boolean) : []);

/**
 * The files part of the control API: what a user does "in OneDrive" or someone does in a
 * SharePoint library (add, change, move, remove), quotas, bulk folders, delta faults and the
 * run-time knobs. `{drive}` is a drive id, a user (object id or UPN: their OneDrive) or a site id
 * (its default library). Changes take the same path as Graph writes: names, conflicts, quota,
 * delta and notifications all apply.
 */
export function registerFilesControl(app: FastifyInstance, ctx: SandboxContext): void {
  const drive = (key: string): DriveRow => {
    const byId = driveById(ctx.db, key);
    if (byId) return byId;
    const user = ctx.directory.userById(key) ?? ctx.directory.userByEmail(key);
    if (user) return ensureUserDrive(ctx, user.id);
    const library = drivesOfSite(ctx.db, key)[0];
    if (library) return library;
    throw fail(404, `no such drive, user or site: ${key}`);
  };
  const by = (b: Body, d: DriveRow): string | null => {
    if (typeof b.by !== 'string') return d.owner_user;
    const u = ctx.directory.userById(b.by) ?? ctx.directory.userByEmail(b.by);
    if (!u) throw fail(404, `no such user: ${b.by}`);
    return u.id;
  };
  const item = (d: DriveRow, key: string): ItemRow => {
    const byId = itemById(ctx.db, key);
    if (byId?.drive_id === d.id) return byId;
    const r = resolvePath(ctx.db, rootOf(ctx.db, d.id), segments(key));
    if (!r.item) throw fail(404, `no such item: ${key}`);
    return r.item;
  };
  const content = (b: Body): Buffer | undefined => {
    if (typeof b.contentBase64 === 'string') return Buffer.from(b.contentBase64, 'base64');
    if (typeof b.content === 'string') return Buffer.from(b.content, 'utf8');
    return undefined;
  };
  const json = (d: DriveRow, row: ItemRow) => ({ ...itemJson(ctx, d, row, { pathBase: `/drives/${d.id}`, paths: new Map() }), path: pathOf(ctx.db, row) });
  const params = (req: FastifyRequest) => req.params as { drive: string; '*': string };

  app.get('/control/files/settings', async () => fileSettings(ctx));
  app.put('/control/files/settings', async (req) => {
    const s = fileSettings(ctx);
    for (const [k, v] of Object.entries(body(req))) {
      if (!(k in s)) throw fail(400, `unknown setting: ${k}`);
      if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw fail(400, `'${k}' must be a non-negative number`);
      s[k as keyof FileSettings] = v;
    }
    return s;
  });

  app.get('/control/files/:drive', async (req) => {
    const d = drive(params(req).drive);
    return { ...driveJson(ctx, d), rootId: rootOf(ctx.db, d.id).id };
  });
  app.put('/control/files/:drive/quota', async (req) => {
    const total = Number(body(req).total);
    if (!Number.isInteger(total) || total < 0) throw fail(400, "'total' must be a whole number of bytes");
    return driveJson(ctx, setQuota(ctx, drive(params(req).drive), total));
  });
  app.get('/control/files/:drive/items', async (req) => {
    const d = drive(params(req).drive);
    const folder = item(d, String((req.query as { path?: string }).path ?? ''));
    const rows = ctx.db.prepare('SELECT * FROM gf_item WHERE parent_id = ? ORDER BY name_key').all(folder.id) as ItemRow[];
    return { driveId: d.id, folder: json(d, folder), value: rows.map((r) => json(d, r)) };
  });
  app.post('/control/files/:drive/items', async (req, reply) => {
    const b = body(req);
    const d = drive(params(req).drive);
    const names = segments(b.path);
    const name = names.pop();
    if (!name) throw fail(400, "'path' (e.g. 'Documents/Report.docx') is required");
    const who = by(b, d);
    const parent = await ensureFolders(ctx, d, rootOf(ctx.db, d.id), names, who);
    const data = content(b);
    if (b.folder === true || data === undefined) {
      return reply.code(201).send(json(d, await createFolder(ctx, d, parent, name, b.replace === true ? 'replace' : 'fail', who)));
    }
    const { row } = await writeFile(ctx, d, { parent, name, behavior: b.replace === true ? 'replace' : 'fail' }, await receiveBuffer(ctx, data), who);
    return reply.code(201).send(json(d, row));
  });
  app.patch('/control/files/:drive/items/*', async (req) => {
    const b = body(req);
    const d = drive(params(req).drive);
    let row = item(d, params(req)['*']);
    const who = by(b, d);
    const data = content(b);
    if (data !== undefined) {
      if (row.is_folder) throw fail(400, 'a folder has no content');
      row = (await writeFile(ctx, d, { existing: row, behavior: 'replace' }, await receiveBuffer(ctx, data), who)).row;
    }
    const parent = typeof b.parentPath === 'string' ? item(d, b.parentPath) : typeof b.parentId === 'string' ? item(d, b.parentId) : undefined;
    if (typeof b.name === 'string' || parent) {
      row = await updateItem(ctx, d, row, { ...(typeof b.name === 'string' ? { name: b.name } : {}), ...(parent ? { parent } : {}), behavior: 'fail' }, who);
    }
    return json(d, row);
  });
  app.delete('/control/files/:drive/items/*', async (req, reply) => {
    const d = drive(params(req).drive);
    await deleteItem(ctx, d, item(d, params(req)['*']));
    return reply.code(204).send();
  });
  app.post('/control/files/:drive/bulk', async (req) => {
    const b = body(req);
    const d = drive(params(req).drive);
    const files = Number(b.files ?? 0);
    const folders = Number(b.folders ?? 0);
    const size = Number(b.size ?? 0);
    if (![files, folders, size].every((n) => Number.isInteger(n) && n >= 0) || files + folders > 100_000 || size > 1024 * 1024) {
      throw fail(400, "'files' and 'folders' (together at most 100,000) and 'size' (at most 1 MiB) must be whole numbers");
    }
    const started = performance.now();
    const who = by(b, d);
    const folder = folderSync(ctx, rootOf(ctx.db, d.id), segments(b.path), who);
    const made = bulkFill(ctx, d, folder, { files, folders, size, prefix: typeof b.prefix === 'string' ? b.prefix : 'File', by: who });
    return { driveId: d.id, folderId: folder.id, ...made, ms: Math.round(performance.now() - started) };
  });
  app.post('/control/files/:drive/delta/evict', async (req) => {
    const d = drive(params(req).drive);
    const code = (body(req).code ?? 'resyncChangesApplyDifferences') as (typeof DRIVE_CODES)[number];
    if (!DRIVE_CODES.includes(code)) throw fail(400, `'code' must be one of ${DRIVE_CODES.join(', ')}`);
    evictDriveDelta(ctx, d.id, code);
    return { driveId: d.id, code };
  });
}
