import { createReadStream, createWriteStream, mkdirSync } from 'node:fs';
import { rename, rm, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform, type Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { SandboxContext } from '../../core/context.js';
import type { GraphError } from '../http/errors.js';
import { newSecret } from './ids.js';
import { QuickXor } from './quickXor.js';

/**
 * File content on disk, under `<dataDir>/drive/`: `blobs/` holds committed content (one file per
 * item version), `incoming/` simple uploads in flight, `sessions/` upload sessions. Uploads are
 * streamed through a hashing counter straight to disk, so the sandbox never holds a file in memory.
 */
function dirs(ctx: SandboxContext) {
  const root = join(ctx.config.dataDir, 'drive');
  return { blobs: join(root, 'blobs'), incoming: join(root, 'incoming'), sessions: join(root, 'sessions') };
}

const made = new WeakSet<SandboxContext>();
function ensureDirs(ctx: SandboxContext) {
  const d = dirs(ctx);
  if (!made.has(ctx)) {
    for (const dir of Object.values(d)) mkdirSync(dir, { recursive: true });
    made.add(ctx);
  }
  return d;
}

export const blobPath = (ctx: SandboxContext, blob: string): string => join(ensureDirs(ctx).blobs, blob);
export const sessionPath = (ctx: SandboxContext, id: string): string => join(ensureDirs(ctx).sessions, id);

export interface Received {
  path: string;
  size: number;
  quickXor: string;
}

/**
 * Counts and hashes what passes, and fails the stream with `tooBig()` as soon as more than `max`
 * bytes have come: the upload stops there rather than after the whole body.
 */
function meter(max: number, tooBig: () => GraphError, hash: QuickXor | null) {
  let size = 0;
  const t = new Transform({
    transform(chunk: Buffer, _enc, done) {
      size += chunk.length;
      if (size > max) return done(tooBig());
      hash?.update(chunk);
      done(null, chunk);
    },
  });
  return { t, size: () => size };
}

/**
 * Pipes a request body through `meter` into `out`. When the meter refuses (too big) the body is
 * unpiped and left to drain rather than destroyed: destroying a request closes its connection,
 * and the client would never see the 413 or 507 that explains why.
 */
async function drain(body: Readable, meterStream: Transform, out: Writable): Promise<void> {
  // Stays attached: a client may still break off while the rest of a refused body drains.
  body.on('error', (err: Error) => meterStream.destroy(err));
  body.pipe(meterStream);
  try {
    await pipeline(meterStream, out);
  } catch (err) {
    body.unpipe(meterStream);
    body.resume();
    throw err;
  }
}

/** Streams a request body into a new file under incoming/; the caller commits or discards it. */
export async function receive(ctx: SandboxContext, body: Readable | undefined, max: number, tooBig: () => GraphError): Promise<Received> {
  const path = join(ensureDirs(ctx).incoming, newSecret());
  const hash = new QuickXor();
  if (!body) {
    await writeFile(path, '');
    return { path, size: 0, quickXor: hash.digest() };
  }
  const m = meter(max, tooBig, hash);
  try {
    await drain(body, m.t, createWriteStream(path));
  } catch (err) {
    await rm(path, { force: true });
    throw err;
  }
  return { path, size: m.size(), quickXor: hash.digest() };
}

/** Content given whole (control API, seed): written the same way as an upload. */
export async function receiveBuffer(ctx: SandboxContext, data: Buffer): Promise<Received> {
  const path = join(ensureDirs(ctx).incoming, newSecret());
  await writeFile(path, data);
  return { path, size: data.length, quickXor: new QuickXor().update(data).digest() };
}

/** Moves received content into the blob store; returns its blob name (null for empty content). */
export async function commitBlob(ctx: SandboxContext, received: Received): Promise<string | null> {
  if (received.size === 0) {
    await rm(received.path, { force: true });
    return null;
  }
  const name = newSecret();
  await rename(received.path, blobPath(ctx, name));
  return name;
}

export async function discard(path: string): Promise<void> {
  await rm(path, { force: true });
}

export async function removeBlobs(ctx: SandboxContext, blobs: Array<string | null>): Promise<void> {
  await Promise.all(blobs.filter((b): b is string => !!b).map((b) => rm(blobPath(ctx, b), { force: true })));
}

/**
 * Appends one fragment to a session file at `offset`. If the body fails or is not exactly `length`
 * bytes, the file is cut back to `offset`: a broken request leaves nothing behind (Graph ignores
 * every byte of a request that did not complete).
 */
export async function appendFragment(ctx: SandboxContext, id: string, body: Readable, offset: number, length: number, tooBig: () => GraphError, short: () => GraphError): Promise<void> {
  const path = sessionPath(ctx, id);
  const m = meter(length, tooBig, null);
  try {
    await drain(body, m.t, createWriteStream(path, { flags: 'r+', start: offset }));
    if (m.size() !== length) throw short();
  } catch (err) {
    await truncate(path, offset).catch(() => undefined);
    throw err;
  }
}

export async function createSessionFile(ctx: SandboxContext, id: string): Promise<void> {
  await writeFile(sessionPath(ctx, id), '');
}

/** Hashes a finished session file by streaming it once (fragments may have come across restarts). */
export async function hashFile(path: string): Promise<string> {
  const hash = new QuickXor();
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest();
}
