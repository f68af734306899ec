import type { FastifyInstance } from 'fastify';
import type { SandboxContext } from '../../core/context.js';
import { graphBase, graphRoute, type GraphCall } from '../http/route.js';
import { checkOptions } from '../odata/options.js';
import { folderOr404 } from './common.js';
import { createFolder, deleteFolder, renameFolder } from './folderStore.js';
import type { FolderRow } from './schema.js';
import { folderObject } from './serialize.js';
import { childFolders, ensureContacts } from './store.js';

const context = (c: GraphCall, tail: string) => `${graphBase(c.ctx, c.req)}/v1.0/$metadata#users('${c.userId}')/${tail}`;

function listChildren(c: GraphCall, parent: FolderRow) {
  checkOptions(c.query, []);
  return { '@odata.context': context(c, 'contactFolders'), value: childFolders(c.ctx.db, c.userId, parent.id).map(folderObject) };
}

function create(c: GraphCall, parent: FolderRow) {
  const folder = createFolder(c.ctx, parent, c.body.displayName);
  c.reply.code(201);
  return { '@odata.context': context(c, 'contactFolders/$entity'), ...folderObject(folder) };
}

/**
 * `/me/contactFolders` lists the folders inside the default Contacts folder (not the default
 * folder itself, as Graph does); the default folder is reached by id or as `contacts`.
 */
export function registerContactFolderRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  const read = ['Contacts.Read'] as const;
  const write = ['Contacts.ReadWrite'] as const;
  graphRoute(app, ctx, { method: 'GET', path: '/contactFolders', permissions: [...read], handler: (c) => listChildren(c, ensureContacts(c.ctx, c.userId)) });
  graphRoute(app, ctx, { method: 'POST', path: '/contactFolders', permissions: [...write], handler: (c) => create(c, ensureContacts(c.ctx, c.userId)) });
  graphRoute(app, ctx, {
    method: 'GET', path: '/contactFolders/:folderId', permissions: [...read],
    handler: (c) => {
      checkOptions(c.query, []);
      return { '@odata.context': context(c, 'contactFolders/$entity'), ...folderObject(folderOr404(c)) };
    },
  });
  graphRoute(app, ctx, {
    method: 'PATCH', path: '/contactFolders/:folderId', permissions: [...write],
    handler: (c) => ({ '@odata.context': context(c, 'contactFolders/$entity'), ...folderObject(renameFolder(c.ctx, folderOr404(c), c.body.displayName)) }),
  });
  graphRoute(app, ctx, {
    method: 'DELETE', path: '/contactFolders/:folderId', permissions: [...write],
    handler: (c) => {
      deleteFolder(c.ctx, folderOr404(c));
      return c.reply.code(204).send();
    },
  });
  graphRoute(app, ctx, { method: 'GET', path: '/contactFolders/:folderId/childFolders', permissions: [...read], handler: (c) => listChildren(c, folderOr404(c)) });
  graphRoute(app, ctx, { method: 'POST', path: '/contactFolders/:folderId/childFolders', permissions: [...write], handler: (c) => create(c, folderOr404(c)) });
}
