import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SandboxContext } from '../../core/context.js';
import { GraphError } from '../http/errors.js';
import { appendFragment, discard, hashFile, sessionPath } from './blobs.js';
import { driveNotFound, invalidRange, invalidRequest, quotaLimitReached, tooLarge } from './errors.js';
import { bodyStream } from './route.js';
import type { UploadRow } from './schema.js';
import { itemJson } from './serialize.js';
import { fileSettings } from './settings.js';
import { driveById, itemById } from './store.js';
import { sessionJson } from './uploadSession.js';
import { writeFile } from './write.js';

const busy = new WeakMap<SandboxContext, Set<string>>();
const gone = () => driveNotFound('The upload session was not found or has expired.');

function session(ctx: SandboxContext, id: string): UploadRow {
  const s = ctx.db.prepare('SELECT * FROM gf_upload WHERE id = ?').get(id) as UploadRow | undefined;
  if (!s) throw gone();
  if (s.expires <= ctx.now()) {
    ctx.db.prepare('DELETE FROM gf_upload WHERE id = ?').run(id);
    void discard(sessionPath(ctx, id));
    throw gone();
  }
  return s;
}

function parseContentRange(header: string | undefined): { start: number; end: number; total: number } {
  const m = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(header?.trim() ?? '');
  if (!m) throw invalidRequest("A fragment needs a Content-Range header: 'bytes {start}-{end}/{total}'.");
  const [start, end, total] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (end < start || end >= total) throw invalidRequest(`The Content-Range '${header}' is not valid.`);
  return { start, end, total };
}

/** Turns the finished session file into the file it was for; the session stays if the commit is refused (409, 507). */
async function commit(ctx: SandboxContext, s: UploadRow, base: string, reply: FastifyReply) {
  const drive = driveById(ctx.db, s.drive_id);
  if (!drive) throw gone();
  const path = sessionPath(ctx, s.id);
  const received = { path, size: s.received, quickXor: await hashFile(path) };
  const existing = s.item_id ? itemById(ctx.db, s.item_id) : undefined;
  const parent = itemById(ctx.db, s.parent_id);
  if (!existing && !parent) throw driveNotFound('The folder the upload was for no longer exists.');
  const target = existing ? { existing, behavior: s.conflict } : { parent: parent!, name: s.name, behavior: s.conflict, description: s.description };
  const { row, created } = await writeFile(ctx, drive, target, received, s.user_id, true);
  ctx.db.prepare('DELETE FROM gf_upload WHERE id = ?').run(s.id);
  return reply.code(created ? 201 : 200).send(itemJson(ctx, drive, row, { pathBase: `/drives/${drive.id}`, paths: new Map() }));
}

/**
 * The pre-authenticated upload URL an upload session hands out. It takes no Authorization header
 * (Graph may answer 401 to one, so the sandbox always does: it catches clients that leak their
 * token to the upload host). Fragments come in order, each `Content-Range: bytes a-b/total`:
 * 202 with nextExpectedRanges, the last one 201 (new) or 200 (replaced) with the item; a fragment
 * that does not start at the next expected byte is 416. GET reports the status, DELETE cancels,
 * an empty POST completes a deferCommit session.
 */
export function registerUploadUrlRoutes(app: FastifyInstance, ctx: SandboxContext, base: (req: FastifyRequest) => string): void {
  const url = '/_api/v2.0/uploadSession/:id';
  const idOf = (req: FastifyRequest) => (req.params as { id: string }).id;
  const noToken = (req: FastifyRequest) => {
    if (req.headers.authorization) throw new GraphError(401, 'unauthenticated', 'An upload URL is pre-authenticated: send no Authorization header to it.');
  };

  app.put(url, async (req, reply) => {
    noToken(req);
    const s = session(ctx, idOf(req));
    const { start, end, total } = parseContentRange(req.headers['content-range']);
    const length = end - start + 1;
    if (s.total !== null && total !== s.total) throw invalidRequest(`The declared size ${total} differs from the session's ${s.total}.`);
    if (length > fileSettings(ctx).fragmentMaxBytes) throw tooLarge('A fragment must be smaller than 60 MiB.');
    if (start !== s.received) throw invalidRange(`The fragment starts at ${start}; the session expects ${s.received}- next.`);
    const drive = driveById(ctx.db, s.drive_id);
    const existing = s.item_id ? itemById(ctx.db, s.item_id) : undefined;
    if (drive && drive.used - (existing?.size ?? 0) + total > drive.quota_total) throw quotaLimitReached();
    const inFlight = busy.get(ctx) ?? new Set<string>();
    busy.set(ctx, inFlight);
    if (inFlight.has(s.id)) throw invalidRange('A fragment for this session is still being received.');
    inFlight.add(s.id);
    try {
      const body = bodyStream(req);
      if (!body) throw invalidRequest('The fragment has no content.');
      await appendFragment(ctx, s.id, body, start, length,
        () => invalidRequest('The fragment is longer than its Content-Range.'),
        () => invalidRequest('The fragment is shorter than its Content-Range.'));
    } finally {
      inFlight.delete(s.id);
    }
    const expires = ctx.now() + fileSettings(ctx).uploadSessionTtlMs;
    ctx.db.prepare('UPDATE gf_upload SET received = ?, total = ?, expires = ? WHERE id = ?').run(end + 1, total, expires, s.id);
    const now = { ...s, received: end + 1, total, expires };
    if (now.received === total && !s.defer_commit) return commit(ctx, now, base(req), reply);
    return reply.code(202).send(sessionJson(now));
  });
  app.get(url, async (req) => {
    noToken(req);
    return { uploadUrl: `${base(req)}${url.replace(':id', idOf(req))}`, ...sessionJson(session(ctx, idOf(req))) };
  });
  app.delete(url, async (req, reply) => {
    noToken(req);
    const s = session(ctx, idOf(req));
    ctx.db.prepare('DELETE FROM gf_upload WHERE id = ?').run(s.id);
    await discard(sessionPath(ctx, s.id));
    return reply.code(204).send();
  });
  app.post(url, async (req, reply) => {
    noToken(req);
    const s = session(ctx, idOf(req));
    if (s.total === null || s.received !== s.total) throw invalidRequest('The upload is not complete yet.');
    return commit(ctx, s, base(req), reply);
  });
}
