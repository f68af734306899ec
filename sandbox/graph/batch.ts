import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SandboxContext } from '../core/context.js';
import { authenticate } from './http/auth.js';
import { badRequest } from './http/errors.js';
import { countCall } from './http/stats.js';
import { graphState } from './state.js';

interface SubRequest {
  id: string;
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: unknown;
  dependsOn?: string[];
}
interface SubResponse {
  id: string;
  status: number;
  headers: Record<string, string>;
  body?: unknown;
}

const MAX_REQUESTS = 20;
// Outlook works through at most four requests of a batch at a time.
const PARALLEL = 4;
// Sub-response headers in Graph's own casing: JSON keys are case-sensitive, and the SDK's
// BatchResponseContent reads `headers["Content-Type"]` to decide whether a body is JSON.
const KEPT_HEADERS: Record<string, string> = {
  'content-type': 'Content-Type', 'retry-after': 'Retry-After', location: 'Location', 'preference-applied': 'Preference-Applied', etag: 'ETag',
};

function validate(body: unknown): SubRequest[] {
  const requests = (body as { requests?: unknown })?.requests;
  if (!Array.isArray(requests)) throw badRequest('Invalid batch payload format.', 'BadRequest');
  if (requests.length > MAX_REQUESTS) throw badRequest(`Number of requests in batch exceeds maximum limit of ${MAX_REQUESTS}.`, 'BadRequest');
  const ids = new Set<string>();
  for (const r of requests as SubRequest[]) {
    if (!r || typeof r.id !== 'string' || typeof r.method !== 'string' || typeof r.url !== 'string') throw badRequest('Invalid batch payload format.', 'BadRequest');
    if (ids.has(r.id)) throw badRequest(`Batch request id '${r.id}' is duplicated.`, 'BadRequest');
    ids.add(r.id);
  }
  for (const r of requests as SubRequest[]) {
    for (const d of r.dependsOn ?? []) if (!ids.has(d)) throw badRequest(`Request '${r.id}' depends on unknown id '${d}'.`, 'BadRequest');
  }
  return requests as SubRequest[];
}

async function dispatch(app: FastifyInstance, req: FastifyRequest, sub: SubRequest): Promise<SubResponse> {
  // Graph takes sub-request URLs relative to the batch's version, and also with that version in
  // front: the SDK's BatchRequestContent sends `/v1.0/me` for https://graph.microsoft.com/v1.0/me.
  const path = (sub.url.startsWith('/') ? sub.url : `/${sub.url}`).replace(/^\/v1\.0(?=\/|$)/i, '');
  const headers: Record<string, string> = { ...(sub.headers ?? {}), authorization: String(req.headers.authorization ?? '') };
  const hasBody = sub.body !== undefined;
  if (hasBody) headers['content-type'] = 'application/json';
  const res = await app.inject({
    method: sub.method.toUpperCase() as 'GET',
    url: `/v1.0${path}`,
    headers,
    ...(hasBody ? { payload: JSON.stringify(sub.body) } : {}),
  });
  const kept: Record<string, string> = {};
  for (const [h, graphCase] of Object.entries(KEPT_HEADERS)) if (res.headers[h] !== undefined) kept[graphCase] = String(res.headers[h]);
  let body: unknown;
  if (res.payload) {
    try {
      body = JSON.parse(res.payload);
    } catch {
      body = res.payload;
    }
  }
  return { id: sub.id, status: res.statusCode, headers: kept, ...(body !== undefined ? { body } : {}) };
}

async function runBatch(app: FastifyInstance, req: FastifyRequest, requests: SubRequest[]): Promise<SubResponse[]> {
  const done = new Map<string, SubResponse>();
  const pending = [...requests];
  while (pending.length) {
    const ready = pending.filter((r) => (r.dependsOn ?? []).every((d) => done.has(d))).slice(0, PARALLEL);
    if (!ready.length) throw badRequest('The dependsOn graph of the batch has a cycle.', 'BadRequest');
    await Promise.all(ready.map(async (r) => {
      pending.splice(pending.indexOf(r), 1);
      const failed = (r.dependsOn ?? []).some((d) => (done.get(d)?.status ?? 500) >= 400);
      done.set(r.id, failed
        ? { id: r.id, status: 424, headers: { 'Content-Type': 'application/json' }, body: { error: { code: 'FailedDependency', message: 'A request this request depends on failed.' } } }
        : await dispatch(app, req, r));
    }));
  }
  return requests.map((r) => done.get(r.id)!);
}

export function registerBatchRoute(app: FastifyInstance, root: FastifyInstance, ctx: SandboxContext): void {
  app.post('/v1.0/$batch', async (req: FastifyRequest, reply: FastifyReply) => {
    countCall(graphState(ctx), 'POST /$batch');
    authenticate(ctx, req);
    const requests = validate(req.body);
    return reply.code(200).send({ responses: await runBatch(root, req, requests) });
  });
}
