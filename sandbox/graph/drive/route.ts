import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Readable } from 'node:stream';
import type { AccessClaims } from '../../core/auth.js';
import type { SandboxContext } from '../../core/context.js';
import { authenticate } from '../http/auth.js';
import { addLatency } from '../http/latency.js';
import { countCall } from '../http/stats.js';
import { graphState } from '../state.js';
import { invalidRequest, tooLarge } from './errors.js';
import type { DriveRow } from './schema.js';

/** One files request, once its drive is known and the caller may reach it. */
export interface DriveCall {
  req: FastifyRequest;
  reply: FastifyReply;
  ctx: SandboxContext;
  claims: AccessClaims;
  drive: DriveRow;
  /** `/drive` or `/drives/{id}`: how the URL named the drive, which parentReference.path follows. */
  pathBase: string;
  /** The permissions that allow writing to this drive (reading was checked already). */
  writeScopes: readonly string[];
  query: Record<string, string | undefined>;
  /** The Graph origin the request came to; links point back to it. */
  base: string;
}

/**
 * The start of every files and sites request: counted per endpoint, the bearer token verified
 * (401 as Graph), and the configured latency added. Outlook's per-mailbox throttling does not
 * apply: OneDrive and SharePoint throttle differently, and the sandbox does not model that.
 */
export async function begin(ctx: SandboxContext, req: FastifyRequest, endpoint: string): Promise<AccessClaims> {
  countCall(graphState(ctx), endpoint);
  const claims = authenticate(ctx, req);
  await addLatency(ctx);
  return claims;
}

/** The request body as a stream: the files routes register a pass-through parser, so nothing is buffered. */
export const bodyStream = (req: FastifyRequest): Readable | undefined => (req.body as Readable | undefined) ?? undefined;

const JSON_LIMIT = 1024 * 1024;

/** Reads a JSON body (small: metadata, never content); an empty body is `{}`. */
export async function readJson(req: FastifyRequest): Promise<Record<string, unknown>> {
  const stream = bodyStream(req);
  if (!stream) return {};
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    size += (chunk as Buffer).length;
    if (size > JSON_LIMIT) throw tooLarge('The request body is too large.');
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (!text) return {};
  try {
    const parsed = JSON.parse(text) as unknown;
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
    return parsed as Record<string, unknown>;
  } catch {
    throw invalidRequest('The request body is not a valid JSON object.');
  }
}
