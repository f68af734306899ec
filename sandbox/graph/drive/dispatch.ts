import type { Address } from './address.js';
import { getChildren, postChildren } from './children.js';
import { getContent, putContent } from './content.js';
import { delta } from './delta.js';
import { invalidRequest, notAllowed } from './errors.js';
import { getItem, patchItem, removeItem } from './items.js';
import { createLink, listPermissions } from './links.js';
import type { DriveCall } from './route.js';
import { search } from './search.js';
import { driveJson } from './serialize.js';
import { createUploadSession } from './uploadSession.js';

type Handler = (call: DriveCall, a: Address) => unknown;

/** What each action below an item answers to, by method. */
const ACTIONS: Record<string, Partial<Record<string, Handler>>> = {
  '': { GET: getItem, PATCH: patchItem, DELETE: removeItem },
  children: { GET: getChildren, POST: postChildren },
  content: { GET: getContent, PUT: putContent },
  createuploadsession: { POST: createUploadSession },
  createlink: { POST: createLink },
  delta: { GET: delta },
  search: { GET: search },
  permissions: { GET: listPermissions },
};

/** A short name for statistics: `GET /drive/items/children`. */
export function endpointOf(method: string, a: Address): string {
  return `${method} /drive${a.base === 'drive' ? '' : `/${a.base}${a.path ? ':path:' : ''}`}${a.action ? `/${a.action}` : ''}`;
}

/** Serves one files request once its drive is reached: the drive itself, or an item and an action on it. */
export function serve(call: DriveCall, a: Address, siteName?: string): unknown {
  const method = call.req.method;
  if (a.base === 'drive') {
    if (method !== 'GET') throw notAllowed(`${method} is not supported on a drive.`);
    return { '@odata.context': `${call.base}/v1.0/$metadata#drives/$entity`, ...driveJson(call.ctx, call.drive, siteName) };
  }
  const byMethod = ACTIONS[(a.action ?? '').toLowerCase()];
  if (!byMethod || a.extra.length) throw invalidRequest(`Resource not found for the segment '${a.extra[0] ?? a.action}'.`);
  const handler = byMethod[method];
  if (!handler) throw notAllowed(`${method} is not supported on ${a.action ?? 'an item'}.`);
  return handler(call, a);
}
