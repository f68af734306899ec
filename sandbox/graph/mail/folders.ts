import type { MailFolder } from '@microsoft/microsoft-graph-types';
import type { FastifyInstance } from 'fastify';
import type { SandboxContext } from '../../core/context.js';
import type { SandboxDb } from '../../core/db.js';
import { GraphError, badRequest, itemNotFound } from '../http/errors.js';
import { graphBase, graphRoute, type GraphCall } from '../http/route.js';
import { parseSkip, parseTop } from '../odata/query.js';
import { newFolderId } from './ids.js';
import { ROOT, folderByKey } from './mailbox.js';
import type { FolderRow } from './rows.js';

export function folderJson(db: SandboxDb, f: FolderRow): MailFolder {
  const count = (sql: string, arg: string) => (db.prepare(sql).get(arg) as { n: number }).n;
  return {
    id: f.id,
    displayName: f.display_name,
    parentFolderId: f.parent_id,
    childFolderCount: count('SELECT COUNT(*) AS n FROM gm_folder WHERE parent_id = ?', f.id),
    unreadItemCount: count('SELECT COUNT(*) AS n FROM gm_message WHERE folder_id = ? AND is_read = 0', f.id),
    totalItemCount: count('SELECT COUNT(*) AS n FROM gm_message WHERE folder_id = ?', f.id),
    isHidden: f.is_hidden === 1,
  };
}

/** `$select` on folders: id always, then the named properties (case-insensitive). */
function selected(call: GraphCall, f: MailFolder): MailFolder {
  const raw = call.query.$select;
  if (!raw) return f;
  const wanted = new Set(raw.split(',').map((n) => n.trim().toLowerCase()));
  return Object.fromEntries(Object.entries(f).filter(([k]) => k === 'id' || wanted.has(k.toLowerCase()))) as MailFolder;
}

function listChildren(call: GraphCall, parent: FolderRow) {
  const { ctx, query } = call;
  const top = parseTop(query.$top, 10, 1000);
  const skip = parseSkip(query.$skip);
  const rows = ctx.db
    .prepare('SELECT * FROM gm_folder WHERE user_id = ? AND parent_id = ? AND is_hidden = 0 ORDER BY rowid LIMIT ? OFFSET ?')
    .all(call.userId, parent.id, top + 1, skip) as FolderRow[];
  const base = graphBase(ctx, call.req);
  const body: Record<string, unknown> = {
    '@odata.context': `${base}/v1.0/$metadata#users('${call.userId}')/mailFolders`,
    value: rows.slice(0, top).map((f) => selected(call, folderJson(ctx.db, f))),
  };
  if (rows.length > top) {
    const next = new URLSearchParams({ ...(query as Record<string, string>), $skip: String(skip + top) });
    body['@odata.nextLink'] = `${base}${call.req.url.split('?')[0]}?${next.toString()}`;
  }
  return body;
}

function create(call: GraphCall, parent: FolderRow) {
  const name = call.body.displayName;
  if (typeof name !== 'string' || !name.trim()) throw badRequest("Missing property 'displayName'.", 'ErrorInvalidRequest');
  const db = call.ctx.db;
  const clash = db.prepare('SELECT 1 FROM gm_folder WHERE user_id = ? AND parent_id = ? AND display_name = ? COLLATE NOCASE').get(call.userId, parent.id, name);
  if (clash) throw new GraphError(409, 'ErrorFolderExists', 'A folder with the specified name already exists.');
  const id = newFolderId();
  db.prepare('INSERT INTO gm_folder (id, user_id, parent_id, well_known, display_name, is_hidden, created) VALUES (?, ?, ?, NULL, ?, ?, ?)').run(
    id, call.userId, parent.id, name, call.body.isHidden === true ? 1 : 0, new Date(call.ctx.now()).toISOString(),
  );
  call.reply.code(201);
  return folderJson(db, folderByKey(db, call.userId, id)!);
}

const folderOr404 = (call: GraphCall) => {
  const f = folderByKey(call.ctx.db, call.userId, call.params.folderId ?? '');
  if (!f) throw itemNotFound();
  return f;
};
const root = (call: GraphCall) => folderByKey(call.ctx.db, call.userId, ROOT)!;

export function registerFolderRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  graphRoute(app, ctx, { method: 'GET', path: '/mailFolders', permissions: ['Mail.ReadBasic'], handler: (c) => listChildren(c, root(c)) });
  graphRoute(app, ctx, { method: 'POST', path: '/mailFolders', permissions: ['Mail.ReadWrite'], handler: (c) => create(c, root(c)) });
  graphRoute(app, ctx, {
    method: 'GET', path: '/mailFolders/:folderId', permissions: ['Mail.ReadBasic'],
    handler: (c) => ({ '@odata.context': `${graphBase(c.ctx, c.req)}/v1.0/$metadata#users('${c.userId}')/mailFolders/$entity`, ...selected(c, folderJson(c.ctx.db, folderOr404(c))) }),
  });
  graphRoute(app, ctx, { method: 'GET', path: '/mailFolders/:folderId/childFolders', permissions: ['Mail.ReadBasic'], handler: (c) => listChildren(c, folderOr404(c)) });
  graphRoute(app, ctx, { method: 'POST', path: '/mailFolders/:folderId/childFolders', permissions: ['Mail.ReadWrite'], handler: (c) => create(c, folderOr404(c)) });
}
