import type { SandboxContext } from '../../core/context.js';
import type { Address } from './address.js';
import { createSessionFile, discard, sessionPath } from './blobs.js';
import { uploadTarget } from './children.js';
import { checkIfMatch, conflictBehavior } from './common.js';
import { invalidRequest, quotaLimitReached } from './errors.js';
import { newSecret } from './ids.js';
import { placeName } from './write.js';
import { requireAny } from './scopes.js';
import { readJson, type DriveCall } from './route.js';
import type { UploadRow } from './schema.js';
import { fileSettings } from './settings.js';
import { driveById, itemById } from './store.js';

export const uploadUrlOf = (base: string, id: string): string => `${base}/_api/v2.0/uploadSession/${id}`;

/** Graph's uploadSession resource: when it expires and which bytes it still wants. */
export function sessionJson(s: UploadRow): Record<string, unknown> {
  return { expirationDateTime: new Date(s.expires).toISOString(), nextExpectedRanges: [`${s.received}-`] };
}

/** Drops sessions past their expiry, with their bytes (Graph cleans them up after expirationDateTime). */
export async function sweepSessions(ctx: SandboxContext): Promise<void> {
  const gone = ctx.db.prepare('DELETE FROM gf_upload WHERE expires <= ? RETURNING id').all(ctx.now()) as Array<{ id: string }>;
  await Promise.all(gone.map((g) => discard(sessionPath(ctx, g.id))));
}

/**
 * POST …/createUploadSession, for a new file (`items/{parent}:/{name}:`) or an existing one.
 * `item` may carry `@microsoft.graph.conflictBehavior` (default fail), `name` (must match the
 * path's), `description` and `fileSize` (507 up front when it cannot fit); `deferCommit` waits for
 * an explicit POST to the upload URL. Answers 200 with the pre-authenticated uploadUrl.
 */
export async function createUploadSession(call: DriveCall, a: Address) {
  requireAny(call.claims, call.writeScopes);
  const body = await readJson(call.req);
  const item = (body.item ?? {}) as Record<string, unknown>;
  if (typeof item !== 'object' || Array.isArray(item)) throw invalidRequest("'item' must be an object.");
  const behavior = conflictBehavior(item['@microsoft.graph.conflictBehavior'], 'fail');
  let target = await uploadTarget(call, a);
  if (target.existing && a.path?.length && behavior !== 'replace') target = { parent: itemById(call.ctx.db, target.existing.parent_id!)!, name: target.existing.name };
  if (target.existing) checkIfMatch(call, target.existing);
  const name = target.existing?.name ?? target.name!;
  if (item.name !== undefined && item.name !== name) throw invalidRequest("The 'name' in the request body must match the item's name in the path.");
  // A conflict under fail is known now; rename picks its name when the upload completes.
  if (!target.existing && behavior === 'fail') placeName(call.ctx.db, target.parent!, name, 'fail', false);
  const fileSize = item.fileSize === undefined ? null : Number(item.fileSize);
  if (fileSize !== null && (!Number.isInteger(fileSize) || fileSize < 0)) throw invalidRequest("'fileSize' must be a whole number of bytes.");
  const drive = driveById(call.ctx.db, call.drive.id)!;
  if (fileSize !== null && drive.used - (target.existing?.size ?? 0) + fileSize > drive.quota_total) throw quotaLimitReached();
  await sweepSessions(call.ctx);
  const id = newSecret();
  const expires = call.ctx.now() + fileSettings(call.ctx).uploadSessionTtlMs;
  await createSessionFile(call.ctx, id);
  call.ctx.db.prepare(`INSERT INTO gf_upload (id, drive_id, item_id, parent_id, name, conflict, defer_commit, total, received, user_id, description, expires)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?)`).run(id, drive.id, target.existing?.id ?? null, target.existing?.parent_id ?? target.parent!.id, name,
    behavior, body.deferCommit === true ? 1 : 0, fileSize, call.claims.userId, typeof item.description === 'string' ? item.description : null, expires);
  return {
    '@odata.context': `${call.base}/v1.0/$metadata#microsoft.graph.uploadSession`,
    uploadUrl: uploadUrlOf(call.base, id),
    expirationDateTime: new Date(expires).toISOString(),
    nextExpectedRanges: ['0-'],
  };
}
