import { DocumentParams, ExportQuery } from '@custody/contracts';
import type { NoteSigner } from '@custody/ledger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { readReason, recordRead } from '../audit/read-audit.ts';
import type { Principal } from '../authz/principal.ts';
import { HttpProblem } from '../http/problem.ts';
import type { App, AppDeps } from '../http/types.ts';
import { storeOf, unavailable } from '../integrity/integrity.routes.ts';
import { allowed, authorizeRecord, recordResource } from '../records/record-access.ts';
import { healthEntries } from '../records/record-view.ts';
import type { StoredEvent } from '../store/index.ts';
import { buildExtractBundle, ExtractError } from './extract-bundle.ts';
import { EXTRACT_FORMAT, type ExtractBundle } from './extract-format.ts';
import { deadlinesForBundle, produceDocument } from './produce-document.ts';
import { unitClockSettings } from '../policy/unit-policy.ts';
import {
  DocumentUnavailableError,
  FontMissingError,
  type DocumentKind,
} from './render-document.ts';
import { recordStream } from '../streams.ts';

const principals = { access: { kind: 'principal' } } as const;
const RecordParams = z.object({ recordId: z.string().min(1).max(100) });

/**
 * The bundle as documented in OpenAPI; the exact layout (and its strict check) is
 * `extractBundle` of extract-format.ts, whose recursive JSON payload OpenAPI cannot reference.
 */
const BundleResponse = z.looseObject({
  format: z.literal(EXTRACT_FORMAT),
  origin: z.string(),
  recordId: z.string(),
  checkpoint: z.string(),
  vkeys: z.array(z.string()),
  treeSize: z.int(),
  entries: z.array(
    z.looseObject({
      logIndex: z.int(),
      leafHash: z.string(),
      withheld: z.boolean(),
      payload: z.unknown(),
      salt: z.string().nullable(),
      inclusionProof: z.array(z.string()),
    }),
  ),
  statement: z.string().describe('C2SP signed note: custody-extract-statement/1'),
});

interface Export {
  readonly principal: Principal;
  readonly events: StoredEvent[];
  readonly withhold: (e: StoredEvent) => boolean;
  /** Whether the caller may read health and risk entries (also the deadlines' words about them). */
  readonly showHealth: boolean;
  readonly unitId: string;
}

/**
 * Authorizes `record.export`, loads the record, decides what is withheld from this caller and
 * appends the export to the read audit with the stated reason (domain.md §5; issue 5 item 6).
 */
async function prepareExport(
  request: FastifyRequest,
  deps: AppDeps,
  recordId: string,
  purpose: string,
): Promise<Export> {
  const store = storeOf(deps);
  const { row, principal } = await authorizeRecord(request, deps, recordId, 'record.export');
  const reason = readReason(request, principal);
  const resource = recordResource(row, principal);
  const showHealth = await allowed(deps, principal, 'record.read_health', resource);
  const events = await store.readStream(recordStream(recordId));
  const health = healthEntries(events);
  await recordRead(deps, principal, recordId, reason, purpose, request.routeOptions.url ?? null);
  const withhold = (e: StoredEvent) => !showHealth && health(e);
  return { principal, events, withhold, showHealth, unitId: row.unit_id };
}

/** The log's signing key for the extract statement; 503 without one (before anything is read). */
function signerOf(deps: AppDeps): NoteSigner {
  if (deps.signer === undefined) throw unavailable();
  return deps.signer;
}

async function bundleOf(deps: AppDeps, recordId: string, x: Export): Promise<ExtractBundle> {
  const signer = signerOf(deps);
  try {
    const source = {
      store: storeOf(deps),
      database: deps.database,
      signer,
      witnessPolicy: deps.witnessPolicy,
    };
    const clock = deps.settings === undefined ? undefined : await unitClockSettings(deps, x.unitId);
    const now = deps.clock().toISOString();
    return await buildExtractBundle(source, recordId, {
      withhold: x.withhold,
      vkeys: deps.vkey === undefined ? [] : [deps.vkey],
      ...(clock === undefined
        ? {}
        : { deadlines: (events) => deadlinesForBundle(events, clock, now, x.showHealth) }),
    });
  } catch (error) {
    if (error instanceof ExtractError) {
      throw new HttpProblem(409, 'not_yet_checkpointed', error.message);
    }
    throw error;
  }
}

async function sendPdf(
  deps: AppDeps,
  reply: FastifyReply,
  input: { recordId: string; kind: DocumentKind; locale: 'uk' | 'en'; x: Export },
  verification?: ExtractBundle,
) {
  const { recordId, kind, locale, x } = input;
  let pdf: Buffer;
  try {
    pdf = await produceDocument(deps.database, {
      recordId,
      kind,
      locale,
      events: x.events,
      unitId: x.unitId,
      timeZone: deps.settings?.clock.timeZone ?? deps.config.timeZone,
      generatedAt: deps.clock().toISOString(),
      ...(deps.settings === undefined ? {} : { clock: await unitClockSettings(deps, x.unitId) }),
      withhold: x.withhold,
      showHealth: x.showHealth,
      ...(verification === undefined ? {} : { verification }),
    });
  } catch (error) {
    if (error instanceof DocumentUnavailableError) {
      throw new HttpProblem(409, 'document_unavailable', error.message);
    }
    if (error instanceof FontMissingError) {
      throw new HttpProblem(503, 'fonts_missing', error.message);
    }
    throw error;
  }
  return reply
    .type('application/pdf')
    .header('content-disposition', `attachment; filename="${recordId}-${kind}-${locale}.pdf"`)
    .header('cache-control', 'no-store')
    .send(pdf);
}

/**
 * Documents of domain.md §6 and the verifiable extract (issue 7): PDF in Ukrainian or English and
 * the custody-extract/2 bundle; `record.export`, each export logged with its reason; health and
 * risk entries withheld from lawyers and monitors without the detainee's consent.
 */
export function registerDocumentRoutes(app: App, deps: AppDeps): void {
  if (deps.store === undefined) return;
  app.get(
    '/api/v1/records/:recordId/documents/:kind',
    {
      config: principals,
      schema: {
        tags: ['documents'],
        description: 'One document of the record as application/pdf',
        params: DocumentParams,
        querystring: ExportQuery,
      },
    },
    async (request, reply) => {
      const { recordId, kind } = request.params;
      if (kind === 'record_extract') signerOf(deps);
      const x = await prepareExport(request, deps, recordId, `document:${kind}`);
      const verification =
        kind === 'record_extract' ? await bundleOf(deps, recordId, x) : undefined;
      return sendPdf(
        deps,
        reply,
        { recordId, kind, locale: request.query.locale, x },
        verification,
      );
    },
  );

  app.get(
    '/api/v1/records/:recordId/extract',
    {
      config: principals,
      schema: {
        tags: ['documents'],
        description: 'The full custody record extract (PDF) with its verification section',
        params: RecordParams,
        querystring: ExportQuery,
      },
    },
    async (request, reply) => {
      const { recordId } = request.params;
      signerOf(deps);
      const x = await prepareExport(request, deps, recordId, 'extract');
      const bundle = await bundleOf(deps, recordId, x);
      const input = { recordId, kind: 'record_extract' as const, locale: request.query.locale, x };
      return sendPdf(deps, reply, input, bundle);
    },
  );

  app.get(
    '/api/v1/records/:recordId/extract/bundle',
    {
      config: principals,
      schema: {
        tags: ['documents'],
        description: 'The verifiable extract bundle (custody-extract/2), checkable offline',
        params: RecordParams,
        querystring: ExportQuery.pick({ reason: true }),
        response: { 200: BundleResponse },
      },
    },
    async (request, reply) => {
      const { recordId } = request.params;
      signerOf(deps);
      const x = await prepareExport(request, deps, recordId, 'extract_bundle');
      const bundle = await bundleOf(deps, recordId, x);
      return reply
        .header('content-disposition', `attachment; filename="${recordId}.extract.json"`)
        .header('cache-control', 'no-store')
        .send(bundle);
    },
  );
}
