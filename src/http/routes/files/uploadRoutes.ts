import type { FastifyInstance } from 'fastify';
import type { FileRecordType } from '../../../app/microsoft/files/records.js';
import { FilesError, invalid } from '../../../app/microsoft/files/errors.js';
import { attachMade } from '../../../app/microsoft/files/attach.js';
import { startUpload, type StartUploadInput } from '../../../app/microsoft/files/startUpload.js';
import { uploadChunk } from '../../../app/microsoft/files/uploadChunk.js';
import { uploadLinks } from '../../../app/microsoft/files/uploadLinks.js';
import { cancelUpload, uploadStatus } from '../../../app/microsoft/files/uploadStatus.js';
import type { MicrosoftIntegration } from '../../../app/microsoft/integration.js';
import { principalOf } from '../../auth.js';
import { errorResponseSchema } from '../../errors.js';
import { answerObject, idParams } from '../../schemas.js';
import { chunkBody } from './chunkBody.js';
import { useFilesErrors } from './errorHandler.js';
import { fileLinkSchema, RECORD_ROUTES } from './fileLinkSchema.js';
import { filesErrors } from './pickerSchemas.js';

const ticketSchema = answerObject({
  uploadId: { type: 'string' },
  chunkSize: { type: 'integer', description: 'send chunks of exactly this many bytes (a multiple of 320 KiB), the last one shorter' },
  nextExpectedRanges: { type: 'array', items: { type: 'string' } },
  expiresAt: { type: 'string', description: 'each chunk extends it' },
});

const startedSchema = {
  anyOf: [ticketSchema, answerObject({ file: fileLinkSchema })],
  description: 'An upload ticket; for size 0, instead, { file }: the empty file is already made in OneDrive and attached, and there are no chunks to send.',
} as const;

const rangesSchema = answerObject({ nextExpectedRanges: { type: 'array', items: { type: 'string' }, description: 'e.g. ["10485760-"]: send from there' } });

const rangeErrorSchema = {
  type: 'object',
  properties: {
    error: {
      type: 'object',
      properties: { code: { type: 'string' }, message: { type: 'string' }, nextExpectedRanges: { type: 'array', items: { type: 'string' } } },
      required: ['code', 'message'],
    },
  },
  required: ['error'],
} as const;

const uploadErrors = (responses: Record<number, unknown>) => filesErrors({
  ...responses, 410: errorResponseSchema, 412: errorResponseSchema, 413: errorResponseSchema, 415: errorResponseSchema,
  416: rangeErrorSchema, 423: errorResponseSchema, 507: errorResponseSchema,
});

/**
 * Resumable uploads into a record's OneDrive folder: start (name and size checked, upload session
 * opened), then PUT the file's bytes chunk by chunk with Content-Range; the chunk answering 201
 * carries the attached file. Chunks stream through to OneDrive and are never held whole.
 */
export function uploadRoutes(integration: MicrosoftIntegration) {
  return async (app: FastifyInstance): Promise<void> => {
    app.addHook('onRequest', app.authenticate);
    useFilesErrors(app);
    // The body is left unread for the handler to stream (request.raw); no size limit applies here,
    // the handler holds each chunk to its Content-Range.
    app.addContentTypeParser('application/octet-stream', (_request, _payload, done) => done(null, undefined));

    for (const r of RECORD_ROUTES) {
      app.post<{ Params: { id: string }; Body: StartUploadInput }>(`/api/${r.segment}/:id/files/uploads`, {
        schema: {
          tags: ['files'],
          description: `Starts a resumable upload of a file into this ${r.type}'s OneDrive folder (Tandem/…/<name>, made on first use). A name taken there gets a number ("Contract 1.pdf"). Size 0 completes at once: the empty file is made and attached, and the answer is { file } instead of a ticket.`,
          params: idParams,
          body: {
            type: 'object',
            properties: { name: { type: 'string', minLength: 1, maxLength: 400 }, size: { type: 'integer', minimum: 0, maximum: 268_435_456_000, description: 'bytes (OneDrive takes files up to 250 GB; the server\'s FILES_MAX_UPLOAD_MB is usually lower)' } },
            required: ['name', 'size'], additionalProperties: false,
          },
          response: uploadErrors({ 201: startedSchema }),
        },
      }, async (request, reply) => {
        const caller = principalOf(request);
        const record = { type: r.type as FileRecordType, id: request.params.id };
        const started = await startUpload(integration, caller, record, request.body, attachMade(integration, caller, record));
        return reply.status(201).send(started);
      });
    }

    app.put<{ Params: { id: string } }>('/api/files/uploads/:id', {
      schema: {
        tags: ['files'],
        description: 'One chunk: Content-Type application/octet-stream, Content-Range bytes <first>-<last>/<size>, and Content-Length (the bytes of the range; a chunked body is refused). 202 with nextExpectedRanges while more is expected; 201 with the attached file after the last chunk (a retried last chunk answers the same file). 416: not the chunk OneDrive expects; resume from error.nextExpectedRanges.',
        params: idParams,
        response: uploadErrors({ 201: answerObject({ file: fileLinkSchema }), 202: rangesSchema }),
      },
      // Before the body is parsed: a chunk sent as application/json was a 400 "not valid JSON".
      onRequest: async (request) => {
        if (!/^application\/octet-stream\s*(;|$)/i.test(request.headers['content-type'] ?? '')) {
          throw new FilesError(415, 'unsupported_media_type', 'Send the chunk\'s bytes as Content-Type: application/octet-stream.');
        }
      },
    }, async (request, reply) => {
      const caller = principalOf(request);
      const chunk = chunkBody(request.raw);
      let answer;
      try {
        // Without Content-Length (Transfer-Encoding: chunked) nothing bounds the body to its range:
        // a short one failed at OneDrive as a 503, a long one never got an answer.
        if (request.headers['content-length'] === undefined) {
          throw invalid('Send Content-Length with each chunk: the number of bytes its Content-Range covers (not Transfer-Encoding: chunked).');
        }
        answer = await uploadChunk(integration, caller, request.params.id, {
          contentRange: request.headers['content-range'],
          contentLength: request.headers['content-length'],
        }, chunk.body, uploadLinks(integration, caller));
      } finally {
        await chunk.finish();
      }
      return answer.done ? reply.status(201).send({ file: answer.file }) : reply.status(202).send({ nextExpectedRanges: answer.nextExpectedRanges });
    });

    app.get<{ Params: { id: string } }>('/api/files/uploads/:id', {
      schema: {
        tags: ['files'],
        description: 'Where to resume: the byte ranges OneDrive still expects (after a failed chunk, or one whose answer was lost).',
        params: idParams,
        response: uploadErrors({ 200: answerObject({ nextExpectedRanges: rangesSchema.properties.nextExpectedRanges, expiresAt: { type: 'string' } }) }),
      },
    }, async (request) => uploadStatus(integration, principalOf(request), request.params.id));

    app.delete<{ Params: { id: string } }>('/api/files/uploads/:id', {
      schema: { tags: ['files'], description: 'Cancels the upload: OneDrive drops what it received; nothing is attached.', params: idParams, response: uploadErrors({ 204: { type: 'null' } }) },
    }, async (request, reply) => {
      await cancelUpload(integration, principalOf(request), request.params.id);
      return reply.status(204).send();
    });
  };
}
