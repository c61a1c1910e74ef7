import {
  ATTACHMENT_MEDIA_TYPE,
  AttachmentParams,
  AttachmentStored,
  AttachmentUploadQuery,
} from '@custody/contracts';
import { z } from 'zod';
import { readReason, recordRead } from '../audit/read-audit.ts';
import { principalOf } from '../authz/guard.ts';
import { badRequest, HttpProblem, notFoundOrForbidden } from '../http/problem.ts';
import type { App, AppDeps } from '../http/types.ts';
import { executeCommand } from '../records/command-handler.ts';
import { custodyDeps, type CustodyDeps } from '../records/custody-deps.ts';
import { allowed, authorizeRecord, recordResource } from '../records/record-access.ts';
import { RecordCache } from '../records/record-cache.ts';
import { findSummary } from '../projections/record-summary.projection.ts';
import type { BlobStore } from './blob-store.ts';
import { fileReferences } from './references.query.ts';

/** Default largest attachment: a phone photo or a short bodycam clip. */
export const DEFAULT_ATTACHMENT_LIMIT = 25 * 1024 * 1024;

type Kind = 'photo' | 'document' | 'audio' | 'video' | 'other';

function kindOf(mediaType: string): Kind {
  if (mediaType.startsWith('image/')) return 'photo';
  if (mediaType === 'application/pdf') return 'document';
  if (mediaType.startsWith('audio/')) return 'audio';
  if (mediaType.startsWith('video/')) return 'video';
  return 'other';
}

function mediaTypeOf(header: string | undefined): string {
  const type = (header ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (!ATTACHMENT_MEDIA_TYPE.test(type)) {
    throw new HttpProblem(
      415,
      'unsupported_media_type',
      'Непідтримуваний тип файлу. Unsupported file type.',
    );
  }
  return type;
}

function upload(app: App, deps: CustodyDeps, blobs: BlobStore, cache: RecordCache): void {
  app.post(
    '/api/v1/records/:recordId/attachments',
    {
      config: { access: { kind: 'principal' } },
      bodyLimit: deps.attachmentLimit ?? DEFAULT_ATTACHMENT_LIMIT,
      schema: {
        tags: ['attachments'],
        description:
          'Raw body (image/jpeg, image/png, application/pdf, audio/*, video/*), stored by SHA-256; records AttachmentAdded',
        params: z.object({ recordId: z.string().min(1).max(100) }),
        querystring: AttachmentUploadQuery,
        response: { 201: AttachmentStored },
      },
    },
    async (request, reply) => {
      const { recordId } = request.params;
      const { row, principal } = await authorizeRecord(
        request,
        deps,
        recordId,
        'record.attachment',
      );
      const mediaType = mediaTypeOf(request.headers['content-type']);
      const body = request.body;
      if (!(body instanceof Uint8Array) || body.byteLength === 0) {
        throw badRequest('Порожній файл. Empty file.', [{ path: 'body', message: 'empty' }]);
      }
      const q = request.query;
      // Written aside, moved in only when the entry naming it commits (no orphan on a refusal).
      const staged = await blobs.stage(body);
      const { sha256, sizeBytes } = staged;
      let result: Awaited<ReturnType<typeof executeCommand>>;
      try {
        const version = q.expectedVersion ?? (await cache.get(recordId)).version;
        result = await executeCommand(
          { deps, cache },
          {
            principal,
            recordId,
            unitId: row.unit_id,
            type: 'AddAttachment',
            occurredAt: q.occurredAt ?? deps.clock().toISOString(),
            expectedVersion: version,
            payload: {
              sha256,
              kind: q.kind ?? kindOf(mediaType),
              mediaType,
              sizeBytes,
              ...(q.description === undefined ? {} : { description: q.description }),
              ...(q.relatesToEventId === undefined ? {} : { relatesToEventId: q.relatesToEventId }),
            },
          },
        );
      } catch (error) {
        await staged.discard();
        throw error;
      }
      await staged.keep();
      const event = result.events[0];
      if (event === undefined) throw new Error('AttachmentAdded stored nothing');
      return reply.code(201).send({
        sha256,
        sizeBytes,
        mediaType,
        recordId,
        eventId: event.eventId,
        logIndex: event.logIndex,
        version: result.version,
      });
    },
  );
}

function download(app: App, deps: CustodyDeps, blobs: BlobStore): void {
  app.get(
    '/api/v1/attachments/:sha256',
    {
      config: { access: { kind: 'principal' } },
      schema: {
        tags: ['attachments'],
        description: 'A stored file, for callers who may read a record that names it',
        params: AttachmentParams,
        querystring: z.object({ reason: z.string().trim().min(1).max(500).optional() }),
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const { sha256 } = request.params;
      let readable: { recordId: string; mediaType: string | null } | undefined;
      for (const ref of await fileReferences(deps.database, sha256)) {
        const row = await findSummary(deps.database, ref.recordId);
        if (row === undefined) continue;
        const action = ref.healthOnly ? 'record.read_health' : 'record.read';
        if (await allowed(deps, principal, action, recordResource(row, principal))) {
          readable = ref;
          break;
        }
      }
      if (readable === undefined) throw notFoundOrForbidden();
      const bytes = await blobs.get(sha256);
      if (bytes === null) throw notFoundOrForbidden();
      const reason = readReason(request, principal);
      await recordRead(deps, principal, readable.recordId, reason, `attachment:${sha256}`, null);
      return reply
        .type(readable.mediaType ?? 'application/octet-stream')
        .header('x-content-type-options', 'nosniff')
        .header('content-disposition', `attachment; filename="${sha256}"`)
        .header('cache-control', 'private, no-store')
        .send(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    },
  );
}

/**
 * Attachments (issue 5): files kept content-addressed outside the log, their SHA-256 in an
 * AttachmentAdded entry recorded through the record command path, served only to callers who may
 * read a record that names them, always as a download (nosniff, Content-Disposition attachment).
 */
export function registerAttachmentRoutes(app: App, deps: AppDeps): void {
  const custody = custodyDeps(deps);
  const blobs = deps.blobs;
  if (custody === null || blobs === undefined) return;
  const cache = new RecordCache(custody.store);
  void app.register((child, _options, done) => {
    child.addContentTypeParser(
      /^(image\/|application\/pdf|audio\/|video\/)/,
      { parseAs: 'buffer', bodyLimit: deps.attachmentLimit ?? DEFAULT_ATTACHMENT_LIMIT },
      (_request, body, parsed) => {
        parsed(null, body);
      },
    );
    upload(child, custody, blobs, cache);
    download(child, custody, blobs);
    done();
  });
}
