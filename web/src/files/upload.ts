/**
 * One file uploaded to the record's OneDrive folder through an upload session: the server hands out
 * a session and a chunk size, each chunk goes up as raw bytes with its Content-Range (XMLHttpRequest,
 * for upload progress), and a chunk that fails is retried from wherever the session says it stands
 * (GET nextExpectedRanges), so a dropped connection costs one chunk, not the whole file. An empty
 * file is answered with its link at once.
 */
import { ApiError, csrfHeaders } from '../api/client.js';
import { files, type ChunkAnswer, type FileLink, type RecordRef } from './filesApi.js';

type ChunkResult = { done: true; file: FileLink } | { done: false; nextExpectedRanges: string[] };

export interface UploadHandle {
  /** Resolves with the attached file; rejects with an ApiError whose message is fit to show. */
  done: Promise<FileLink>;
  cancel(): void;
}

const RETRIES = 3;
const enc = encodeURIComponent;

export class UploadCancelled extends Error {
  constructor() {
    super('Upload cancelled.');
  }
}

/** The first byte the session still expects ("1048576-" or "1048576-2097151"). */
export function nextStart(ranges: string[]): number | null {
  const first = ranges[0];
  if (first === undefined) return null;
  const start = Number(first.split('-')[0]);
  return Number.isFinite(start) ? start : null;
}

function errorFromXhr(xhr: XMLHttpRequest): ApiError {
  if (xhr.status === 0) return new ApiError(0, 'network', 'The connection to Tandem dropped during the upload.');
  try {
    const body = JSON.parse(xhr.responseText) as { error?: string | { code?: string; message?: string }; message?: string };
    const code = typeof body.error === 'string' ? body.error : body.error?.code;
    const message = typeof body.error === 'string' ? body.message : body.error?.message;
    if (code) return new ApiError(xhr.status, code, message ?? code);
  } catch {
    // not JSON
  }
  return new ApiError(xhr.status, xhr.status >= 500 ? 'internal' : 'http_error', `The server answered ${xhr.status} during the upload.`);
}

/** Worth asking the session where it stands and sending again: the connection, the server, or a range mix-up. */
function retryable(error: ApiError): boolean {
  return error.status === 0 || error.status >= 500 || error.status === 416 || error.status === 408 || error.status === 429;
}

export function startUpload(record: RecordRef, file: File, onProgress: (sentBytes: number) => void): UploadHandle {
  let cancelled = false;
  let xhr: XMLHttpRequest | null = null;
  let uploadId: string | null = null;

  const sendChunk = (id: string, start: number, end: number): Promise<ChunkResult> =>
    csrfHeaders().then(
      (headers) =>
        new Promise<ChunkResult>((resolve, reject) => {
          const request = new XMLHttpRequest();
          xhr = request;
          request.open('PUT', `/api/files/uploads/${enc(id)}`);
          for (const [name, value] of Object.entries(headers)) request.setRequestHeader(name, value);
          request.setRequestHeader('content-type', 'application/octet-stream');
          request.setRequestHeader('content-range', `bytes ${start}-${end}/${file.size}`);
          request.setRequestHeader('accept', 'application/json');
          request.upload.onprogress = (e) => onProgress(start + Math.min(e.loaded, end - start + 1));
          request.onload = () => {
            if (request.status !== 200 && request.status !== 201 && request.status !== 202) return reject(errorFromXhr(request));
            const body = JSON.parse(request.responseText) as ChunkAnswer;
            resolve('file' in body ? { done: true, file: body.file } : { done: false, nextExpectedRanges: body.nextExpectedRanges });
          };
          request.onerror = () => reject(errorFromXhr(request));
          request.onabort = () => reject(new UploadCancelled());
          request.send(file.slice(start, end + 1));
        }),
    );

  const run = async (): Promise<FileLink> => {
    const started = await files.startUpload(record, { name: file.name, size: file.size });
    // An empty file has no bytes to send: the server made and attached it already.
    if ('file' in started) {
      onProgress(0);
      return started.file;
    }
    const session = started;
    uploadId = session.uploadId;
    if (cancelled) {
      void files.cancelUpload(session.uploadId).catch(() => undefined);
      throw new UploadCancelled();
    }
    let ranges = session.nextExpectedRanges;
    let failures = 0;
    for (;;) {
      const start = nextStart(ranges) ?? 0;
      const end = Math.min(start + session.chunkSize, file.size) - 1;
      onProgress(start);
      try {
        const answer = await sendChunk(session.uploadId, start, end);
        if (answer.done) {
          onProgress(file.size);
          return answer.file;
        }
        ranges = answer.nextExpectedRanges;
        failures = 0;
      } catch (err) {
        if (cancelled || err instanceof UploadCancelled) throw new UploadCancelled();
        if (!(err instanceof ApiError) || !retryable(err) || ++failures > RETRIES) throw err;
        await new Promise((r) => setTimeout(r, 500 * failures));
        ranges = (await files.uploadStatus(session.uploadId)).nextExpectedRanges;
      }
    }
  };

  return {
    done: run(),
    cancel() {
      if (cancelled) return;
      cancelled = true;
      xhr?.abort();
      if (uploadId) void files.cancelUpload(uploadId).catch(() => undefined);
    },
  };
}
