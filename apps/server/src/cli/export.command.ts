import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { signerFromSkey, type NoteSigner } from '@custody/ledger';
import type { CliCommand } from './common.ts';
import type { AppConfig } from '../config.ts';
import { isPostgresUrl, openDatabase, type Database } from '../db/database.ts';
import { buildExtractBundle } from '../documents/extract-bundle.ts';
import type { ExtractBundle } from '../documents/extract-format.ts';
import { produceDocument } from '../documents/produce-document.ts';
import {
  DOCUMENT_KINDS,
  DocumentUnavailableError,
  type DocumentKind,
} from '../documents/render-document.ts';
import { sqlitePath } from '../ops/backup.ts';
import { witnessPolicyOf } from '../ops/serve.ts';
import { findSummary } from '../projections/record-summary.projection.ts';
import { createEventStore, type StoredEvent } from '../store/index.ts';
import { unitClockSettings } from '../policy/unit-policy.ts';
import { configOf, parse as parseOptions, UsageError } from './common.ts';
import { recordStream } from '../streams.ts';

const KINDS = DOCUMENT_KINDS.join(', ');

/** The kinds, wrapped and indented for the usage text. */
const KIND_LINES = DOCUMENT_KINDS.reduce<string[]>((lines, kind, i) => {
  const word = i < DOCUMENT_KINDS.length - 1 ? `${kind},` : kind;
  const last = lines.at(-1);
  if (last !== undefined && last.length + word.length < 62)
    lines[lines.length - 1] = `${last} ${word}`;
  else lines.push(word);
  return lines;
}, []).join(`\n${' '.repeat(23)}`);

const USAGE = `Використання / usage: custody export RECORD_ID [--document KIND]... [--locale uk|en]
                     [--out FILE.pdf] [--dir DIR] [--bundle FILE.json] [--database URL]

Формує документи запису / writes documents of a custody record as PDF, rendered as by the API
and the record page. By default the full record extract with its verifiable bundle (JSON,
custody-extract/2), checkable offline with \`custody verify-extract\`.

  --document KIND      a document to write (repeatable; default record_extract), one of
                       ${KIND_LINES}
  --locale uk|en       language of the documents (default uk)
  --out FILE.pdf       the PDF, when one document is asked for
  --dir DIR            folder for the files (default ., created if missing): RECORD_ID.pdf
                       for the extract, RECORD_ID-KIND.pdf for the other documents
  --bundle FILE.json   verification bundle, written with the extract
                       (default DIR/RECORD_ID.extract.json)
  --database URL       PostgreSQL URL or SQLite file (env DATABASE_URL, default data/custody.sqlite)

The unit and its time zone come from the record and the configuration; staff are named as on
the record page. The signing key (CUSTODY_KEY_FILE) gives the verifier key in the extract.
Exit status: 0 written; 1 no such record, a document that does not apply to the record (no
referral of that kind) or a record not yet checkpointed, and then nothing is written; 2 usage
error.`;

interface Parsed {
  recordId: string;
  kinds: DocumentKind[];
  locale: 'uk' | 'en';
  /** Where each document's PDF goes. */
  files: Map<DocumentKind, string>;
  bundle: string | null;
  config: AppConfig;
}

const isKind = (k: string): k is DocumentKind => (DOCUMENT_KINDS as readonly string[]).includes(k);

function parse(args: string[]): Parsed | 'help' {
  const { values, positionals } = parseOptions(args, {
    document: { type: 'string', multiple: true },
    out: { type: 'string' },
    dir: { type: 'string' },
    bundle: { type: 'string' },
    locale: { type: 'string' },
  });
  if (values.help === true) return 'help';
  const [recordId, ...extra] = positionals;
  if (recordId === undefined || extra.length > 0) throw new UsageError('give one RECORD_ID');
  const locale = values.locale ?? 'uk';
  if (locale !== 'uk' && locale !== 'en') throw new UsageError('--locale must be uk or en');
  const asked = values.document ?? ['record_extract'];
  const unknown = asked.filter((k) => !isKind(k));
  if (unknown.length > 0) {
    throw new UsageError(
      `невідомий документ / unknown document kind: ${unknown.join(', ')}; kinds: ${KINDS}`,
    );
  }
  const kinds = [...new Set(asked.filter(isKind))];
  if (values.out !== undefined && kinds.length !== 1) {
    throw new UsageError('--out names one file: ask for one --document, or use --dir');
  }
  const extract = kinds.includes('record_extract');
  if (values.bundle !== undefined && !extract) {
    throw new UsageError('--bundle comes with the record extract (--document record_extract)');
  }
  const dir = values.dir ?? '.';
  const files = new Map(
    kinds.map((k) => [
      k,
      values.out ?? join(dir, k === 'record_extract' ? `${recordId}.pdf` : `${recordId}-${k}.pdf`),
    ]),
  );
  const config = configOf(values.database);
  if (!isPostgresUrl(config.databaseUrl) && !existsSync(sqlitePath(config.databaseUrl))) {
    throw new UsageError(`немає бази даних / no database at ${config.databaseUrl}`);
  }
  const bundle = extract ? (values.bundle ?? join(dir, `${recordId}.extract.json`)) : null;
  return { recordId, kinds, locale, files, bundle, config };
}

/** A failure reported as "custody export: …" with exit status 1. */
class ExportError extends Error {}

/** The unit of the record: its summary row, or the unit it was delivered to. */
function deliveredUnit(events: readonly StoredEvent[]): string | undefined {
  const p = events.find((e) => e.type === 'DetaineeDelivered')?.payload;
  const unitId = p !== null && typeof p === 'object' && !Array.isArray(p) ? p['unitId'] : undefined;
  return typeof unitId === 'string' ? unitId : undefined;
}

async function exportRecord(p: Parsed): Promise<string> {
  const { config } = p;
  if (!existsSync(config.keyFile)) {
    throw new ExportError(`немає ключа підпису / no signing key at ${config.keyFile}`);
  }
  const signer = signerFromSkey(readFileSync(config.keyFile, 'utf8').trim());
  const database = openDatabase(config.databaseUrl);
  try {
    return await exportFrom(p, signer, database);
  } finally {
    await database.close();
  }
}

async function exportFrom(p: Parsed, signer: NoteSigner, database: Database): Promise<string> {
  const store = await createEventStore({ database, signer, origin: signer.name });
  try {
    const events = await store.readStream(recordStream(p.recordId));
    if (events.length === 0) {
      throw new ExportError(`запис не знайдено / no custody record ${p.recordId}`);
    }
    const unitId =
      (await findSummary(database, p.recordId))?.unit_id ?? deliveredUnit(events) ?? '-';
    let bundle: ExtractBundle | undefined;
    if (p.bundle !== null) {
      const witnessPolicy = witnessPolicyOf(p.config, signer) ?? undefined;
      bundle = await buildExtractBundle({ store, database, signer, witnessPolicy }, p.recordId, {
        vkeys: [signer.vkey],
      });
    }
    const generatedAt = new Date().toISOString();
    const clock = await unitClockSettings(
      { database, settings: { clock: p.config.clock } },
      unitId,
    );
    const pdfs = new Map<DocumentKind, Buffer>();
    for (const kind of p.kinds) {
      try {
        const pdf = await produceDocument(database, {
          recordId: p.recordId,
          kind,
          locale: p.locale,
          events,
          unitId,
          timeZone: p.config.clock.timeZone,
          generatedAt,
          clock,
          // The operator's export withholds nothing (no reader's consent applies to it).
          showHealth: true,
          ...(kind === 'record_extract' && bundle !== undefined ? { verification: bundle } : {}),
        });
        pdfs.set(kind, pdf);
      } catch (error) {
        if (!(error instanceof DocumentUnavailableError)) throw error;
        throw new ExportError(
          `${kind}: документ не стосується цього запису / the document does not apply to this ` +
            `record: ${error.message}`,
        );
      }
    }
    const written: string[] = [];
    for (const [kind, pdf] of pdfs) {
      const file = p.files.get(kind) ?? `${p.recordId}-${kind}.pdf`;
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, pdf);
      written.push(file);
    }
    if (bundle !== undefined && p.bundle !== null) {
      mkdirSync(dirname(p.bundle), { recursive: true });
      writeFileSync(p.bundle, `${JSON.stringify(bundle, null, 2)}\n`);
      written.push(
        p.bundle,
        `${bundle.entries.length} entries, checkpoint size ${bundle.treeSize}`,
      );
    }
    return written.join('\n');
  } finally {
    await store.close();
  }
}

/**
 * `custody export`: any document of domain.md §6 from the command line, rendered by the same
 * code as the API route; by default the record extract with its verification bundle.
 */
export const exportCommand: CliCommand = {
  summary: 'export record documents (PDF; extract + bundle) / документи запису',
  async run(args) {
    let parsed: Parsed | 'help';
    try {
      parsed = parse(args);
    } catch (error) {
      if (!(error instanceof UsageError)) throw error;
      console.error(`custody export: ${error.message}\n\n${USAGE}`);
      return 2;
    }
    if (parsed === 'help') {
      console.log(USAGE);
      return 0;
    }
    try {
      console.log(await exportRecord(parsed));
      return 0;
    } catch (error) {
      console.error(`custody export: ${error instanceof Error ? error.message : String(error)}`);
      return 1;
    }
  },
};
