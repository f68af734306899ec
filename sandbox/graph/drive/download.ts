import type { FastifyInstance } from 'fastify';
import { createReadStream } from 'node:fs';
import type { SandboxContext } from '../../core/context.js';
import { openState } from '../delta/token.js';
import { GraphError } from '../http/errors.js';
import { blobPath } from './blobs.js';
import { driveNotFound } from './errors.js';
import { cTagOf } from './ids.js';
import { itemById } from './store.js';

const expired = () => new GraphError(401, 'unauthenticated', 'The download URL has expired or is not valid.');

/** `bytes=a-b`, `bytes=a-`, `bytes=-n` against a size; null when absent, 'bad' when unsatisfiable. */
function range(header: string | undefined, size: number): { start: number; end: number } | null | 'bad' {
  if (!header) return null;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (!m[1] && !m[2])) return 'bad';
  let start = m[1] ? Number(m[1]) : size - Number(m[2]);
  let end = m[1] && m[2] ? Number(m[2]) : size - 1;
  start = Math.max(0, start);
  end = Math.min(end, size - 1);
  return start > end || start >= size ? 'bad' : { start, end };
}

/**
 * The pre-authenticated download URL (`@microsoft.graph.downloadUrl`, the target of /content's
 * redirect): no Authorization header, a sealed short-lived token in the query instead; it
 * answers 401 once the token has expired. Single byte ranges are served as 206.
 */
export function registerDownloadRoute(app: FastifyInstance, ctx: SandboxContext): void {
  app.get('/_layouts/15/download.aspx', async (req, reply) => {
    const q = req.query as Record<string, string | undefined>;
    const st = q.tempauth ? openState<{ i: string; x: number }>(ctx.db, q.tempauth) : null;
    if (!st || st.x <= ctx.now()) throw expired();
    const row = itemById(ctx.db, st.i);
    if (!row || row.is_folder) throw driveNotFound('Item not found');
    const r = range(req.headers.range, row.size);
    if (r === 'bad') return reply.code(416).header('Content-Range', `bytes */${row.size}`).send();
    reply.header('Content-Type', row.mime ?? 'application/octet-stream')
      .header('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(row.name)}`)
      .header('ETag', cTagOf(row.guid, row.c_ver))
      .header('Accept-Ranges', 'bytes');
    if (r) reply.code(206).header('Content-Range', `bytes ${r.start}-${r.end}/${row.size}`).header('Content-Length', String(r.end - r.start + 1));
    else reply.header('Content-Length', String(row.size));
    if (!row.blob || row.size === 0) return reply.send('');
    return reply.send(createReadStream(blobPath(ctx, row.blob), r ? { start: r.start, end: r.end } : {}));
  });
}
