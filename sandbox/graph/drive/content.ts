import type { Address } from './address.js';
import { uploadTarget } from './children.js';
import { checkIfMatch, conflictBehavior, downloadUrl, itemOr404, itemView } from './common.js';
import { receive } from './blobs.js';
import { invalidRequest, quotaLimitReached, tooLarge } from './errors.js';
import { requireAny } from './scopes.js';
import { bodyStream, type DriveCall } from './route.js';
import { itemJson } from './serialize.js';
import { fileSettings } from './settings.js';
import { driveById, itemById } from './store.js';
import { writeFile } from './write.js';

/** GET …/content: 302 to a short-lived pre-authenticated URL on the Graph host (Graph's behaviour for downloads). */
export function getContent(call: DriveCall, a: Address) {
  const row = itemOr404(call, a);
  if (row.is_folder) throw invalidRequest('Folders have no content to download.');
  return call.reply.code(302).header('Location', downloadUrl(call, row)).send();
}

/**
 * PUT …/content, Graph's simple upload: up to 250 MB, streamed to disk (never held in memory), the
 * quota checked up front from Content-Length and again at commit. A new file is 201, a replaced
 * one 200. `@microsoft.graph.conflictBehavior` in the query: replace (default), fail or rename.
 */
export async function putContent(call: DriveCall, a: Address) {
  requireAny(call.claims, call.writeScopes);
  const max = fileSettings(call.ctx).simpleUploadMaxBytes;
  const tooBig = () => tooLarge(`Simple upload takes files up to ${max} bytes; use an upload session for larger files.`);
  const declared = Number(call.req.headers['content-length'] ?? NaN);
  if (declared > max) throw tooBig();
  const behavior = conflictBehavior(call.query['@microsoft.graph.conflictBehavior'], 'replace');
  let target = await uploadTarget(call, a);
  // A file named by path under fail or rename is a name conflict, not an update.
  if (target.existing && a.path?.length && behavior !== 'replace') target = { parent: itemById(call.ctx.db, target.existing.parent_id!)!, name: target.existing.name };
  if (target.existing) checkIfMatch(call, target.existing);
  const drive = driveById(call.ctx.db, call.drive.id)!;
  if (Number.isFinite(declared) && drive.used - (target.existing?.size ?? 0) + declared > drive.quota_total) throw quotaLimitReached();
  const received = await receive(call.ctx, bodyStream(call.req), max, tooBig);
  const { row, created } = await writeFile(call.ctx, drive, { ...target, behavior }, received, call.claims.userId);
  call.reply.code(created ? 201 : 200);
  return itemJson(call.ctx, drive, row, itemView(call));
}
