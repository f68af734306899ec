import type { IncomingMessage } from 'node:http';
import { PassThrough, type Readable } from 'node:stream';

/**
 * A chunk's request body as a stream the upload can hand to OneDrive, and a way to finish with
 * the request afterwards. The body goes through a PassThrough rather than as the request itself:
 * OneDrive may answer (416, 404) before reading it all, and a request already iterated by the
 * HTTP client can then neither be drained nor resumed, so the client would wait for an answer
 * forever. A client that goes away mid-chunk fails the stream, so OneDrive never sees a short body as whole.
 */
export function chunkBody(raw: IncomingMessage): { body: Readable; finish(): Promise<void> } {
  const body = new PassThrough({ highWaterMark: 256 * 1024 });
  raw.pipe(body);
  raw.once('close', () => {
    if (!raw.readableEnded) body.destroy(new Error('the client closed the connection in the middle of the chunk'));
  });
  return {
    body,
    finish() {
      raw.unpipe(body);
      body.destroy();
      // Whatever is left is read and dropped: an answer sent while the client is still sending
      // reaches many clients (fetch, browsers) as a reset instead of the answer.
      if (raw.readableEnded || raw.destroyed) return Promise.resolve();
      return new Promise((resolve) => {
        raw.once('end', resolve).once('close', resolve).once('error', resolve);
        raw.resume();
      });
    },
  };
}
