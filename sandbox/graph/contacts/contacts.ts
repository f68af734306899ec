import type { FastifyInstance } from 'fastify';
import type { SandboxContext } from '../../core/context.js';
import { graphBase, graphRoute, type GraphCall } from '../http/route.js';
import { checkOptions } from '../odata/options.js';
import { parseSkip, parseTop } from '../odata/query.js';
import { checkChangeKey, contactOr404, contactSelect, folderOr404 } from './common.js';
import type { ContactRow } from './schema.js';
import { contactObject } from './serialize.js';
import { deleteContacts } from './store.js';
import { createContact, patchContact } from './write.js';

const context = (c: GraphCall, tail: string) => `${graphBase(c.ctx, c.req)}/v1.0/$metadata#users('${c.userId}')/${tail}`;

/** GET a folder's contacts, oldest first; `$top` (default 10, at most 1,000) with `$skip` nextLinks. */
function list(call: GraphCall) {
  checkOptions(call.query, ['$top', '$skip', '$select']);
  const folder = folderOr404(call);
  const top = parseTop(call.query.$top, 10, 1000);
  const skip = parseSkip(call.query.$skip);
  const select = contactSelect(call.query.$select);
  const rows = call.ctx.db.prepare('SELECT * FROM gc_contact WHERE folder_id = ? ORDER BY created, pk LIMIT ? OFFSET ?')
    .all(folder.id, top + 1, skip) as ContactRow[];
  const base = graphBase(call.ctx, call.req);
  const body: Record<string, unknown> = { '@odata.context': context(call, 'contacts') };
  if (rows.length > top) {
    const next = new URLSearchParams();
    for (const [k, v] of Object.entries(call.query)) if (k !== '$skip' && v !== undefined) next.set(k, v);
    next.set('$skip', String(skip + top));
    body['@odata.nextLink'] = `${base}${call.req.url.split('?')[0]}?${next.toString()}`;
  }
  return { ...body, value: rows.slice(0, top).map((r) => contactObject(r, select)) };
}

export function registerContactRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  const read = ['Contacts.Read'] as const;
  const write = ['Contacts.ReadWrite'] as const;
  for (const prefix of ['', '/contactFolders/:folderId']) {
    graphRoute(app, ctx, { method: 'GET', path: `${prefix}/contacts`, permissions: [...read], handler: list });
    graphRoute(app, ctx, {
      method: 'POST', path: `${prefix}/contacts`, permissions: [...write],
      handler: (c) => {
        const row = createContact(c.ctx, folderOr404(c), c.body);
        c.reply.code(201);
        return { '@odata.context': context(c, 'contacts/$entity'), ...contactObject(row) };
      },
    });
    graphRoute(app, ctx, {
      method: 'GET', path: `${prefix}/contacts/:contactId`, permissions: [...read],
      handler: (c) => {
        checkOptions(c.query, ['$select']);
        return { '@odata.context': context(c, 'contacts/$entity'), ...contactObject(contactOr404(c), contactSelect(c.query.$select)) };
      },
    });
    graphRoute(app, ctx, {
      method: 'PATCH', path: `${prefix}/contacts/:contactId`, permissions: [...write],
      handler: (c) => {
        const row = contactOr404(c);
        checkChangeKey(c, row.change_key);
        return { '@odata.context': context(c, 'contacts/$entity'), ...contactObject(patchContact(c.ctx, row, c.body)) };
      },
    });
    graphRoute(app, ctx, {
      method: 'DELETE', path: `${prefix}/contacts/:contactId`, permissions: [...write],
      handler: (c) => {
        const row = contactOr404(c);
        checkChangeKey(c, row.change_key);
        deleteContacts(c.ctx, [row]);
        return c.reply.code(204).send();
      },
    });
  }
}
