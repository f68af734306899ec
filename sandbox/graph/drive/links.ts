import type { Permission } from '@microsoft/microsoft-graph-types';
import { randomBytes, randomUUID } from 'node:crypto';
import type { Address } from './address.js';
import { allowOptions, itemOr404 } from './common.js';
import { invalidRequest } from './errors.js';
import { requireAny } from './scopes.js';
import { readJson, type DriveCall } from './route.js';

interface LinkRow { id: string; item_id: string; app_id: string; type: string; scope: string; web_url: string; created_by: string; created: number }

function permissionJson(l: LinkRow): Permission {
  return {
    id: l.id, roles: [l.type === 'edit' ? 'write' : 'read'], shareId: `u!${Buffer.from(l.web_url).toString('base64url')}`, hasPassword: false,
    link: { type: l.type, scope: l.scope, webUrl: l.web_url, preventsDownload: false, application: { id: l.app_id } },
  };
}

/**
 * POST …/createLink: `type` view or edit (embed is OneDrive personal only: 400 here), `scope`
 * anonymous, organization (the default) or users. A link this app already made for the item with
 * the same type and scope comes back with 200; a new one is 201. Needs a ReadWrite permission.
 */
export async function createLink(call: DriveCall, a: Address) {
  requireAny(call.claims, call.writeScopes);
  const body = await readJson(call.req);
  const row = itemOr404(call, a);
  if (body.type === 'embed') throw invalidRequest('Embed links are only available in OneDrive personal.');
  if (body.type !== 'view' && body.type !== 'edit') throw invalidRequest("'type' must be view or edit.");
  const scope = body.scope ?? 'organization';
  if (scope !== 'anonymous' && scope !== 'organization' && scope !== 'users') throw invalidRequest("'scope' must be anonymous, organization or users.");
  const db = call.ctx.db;
  const find = () => db.prepare('SELECT * FROM gf_link WHERE item_id = ? AND app_id = ? AND type = ? AND scope = ?').get(row.id, call.claims.appId, body.type, scope) as LinkRow | undefined;
  let link = find();
  call.reply.code(link ? 200 : 201);
  if (!link) {
    const host = new URL(call.drive.web_url).host;
    const kind = row.is_folder ? 'f' : 'u';
    const url = `https://${host}/:${kind}:/${call.drive.owner_user ? 'g/personal' : 's'}/E${randomBytes(18).toString('base64url')}`;
    db.prepare('INSERT INTO gf_link (id, item_id, app_id, type, scope, web_url, created_by, created) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(randomUUID(), row.id, call.claims.appId, body.type, scope, url, call.claims.userId, call.ctx.now());
    link = find()!;
  }
  return { '@odata.context': `${call.base}/v1.0/$metadata#permission`, ...permissionJson(link) };
}

/** GET …/permissions: the sharing links made on the item. */
export function listPermissions(call: DriveCall, a: Address) {
  allowOptions(call, ['$select']);
  const row = itemOr404(call, a);
  const links = call.ctx.db.prepare('SELECT * FROM gf_link WHERE item_id = ? ORDER BY created, rowid').all(row.id) as LinkRow[];
  return { '@odata.context': `${call.base}/v1.0/$metadata#Collection(permission)`, value: links.map(permissionJson) };
}
