import type { SandboxContext } from '../../core/context.js';

/** Run-time knobs of the files workload; the control API changes them (tests shorten lifetimes instead of waiting). */
export interface FileSettings {
  /** An upload session lives this long after its creation or its last accepted fragment. ⚠ Graph does not document it. */
  uploadSessionTtlMs: number;
  /** Lifetime of a pre-authenticated download URL (`@microsoft.graph.downloadUrl`, a /content redirect). */
  downloadUrlTtlMs: number;
  /** Graph's simple upload (`PUT …/content`) takes files up to 250 MB. */
  simpleUploadMaxBytes: number;
  /** One PUT to an upload URL carries less than 60 MiB. */
  fragmentMaxBytes: number;
  /** Delta tokens older than this answer 410 (0: never; Graph gives no fixed lifetime). */
  deltaTokenMaxAgeMs: number;
  /** Items per delta page when the client does not say (`$top`). */
  deltaPageSize: number;
}

export const DEFAULT_FILE_SETTINGS: FileSettings = {
  uploadSessionTtlMs: 15 * 60_000,
  downloadUrlTtlMs: 60 * 60_000,
  simpleUploadMaxBytes: 250 * 1024 * 1024,
  fragmentMaxBytes: 60 * 1024 * 1024,
  deltaTokenMaxAgeMs: 0,
  deltaPageSize: 200,
};

const settings = new WeakMap<SandboxContext, FileSettings>();

export function fileSettings(ctx: SandboxContext): FileSettings {
  let s = settings.get(ctx);
  if (!s) settings.set(ctx, (s = { ...DEFAULT_FILE_SETTINGS }));
  return s;
}
