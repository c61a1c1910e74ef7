import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { signerFromSkey } from '@custody/ledger';
import type { CliCommand } from '../cli.ts';
import { isPostgresUrl, openDatabase } from '../db/database.ts';
import { buildExtractBundle } from '../documents/extract-bundle.ts';
import { renderDocument } from '../documents/render-document.ts';
import { createEventStore } from '../store/index.ts';

const USAGE = `Використання / usage: custody export RECORD_ID [--out FILE.pdf] [--bundle FILE.json] [--locale uk|en]

Формує витяг із запису / writes the full custody record extract (PDF) and its verifiable
bundle (JSON, custody-extract/1), checkable offline with \`custody verify-extract\`.

  --out FILE.pdf       PDF extract (default RECORD_ID.pdf)
  --bundle FILE.json   verification bundle (default RECORD_ID.extract.json)
  --locale uk|en       language of the PDF (default uk)
  --database URL       PostgreSQL URL or SQLite file (env DATABASE_URL, default data/custody.sqlite)

The signing key (CUSTODY_KEY_FILE) gives the verifier key printed in the extract; the unit is
named by CUSTODY_UNIT_NAME and CUSTODY_UNIT_CODE, times use CUSTODY_TIME_ZONE (Europe/Kyiv).
Exit status: 0 written, 1 record not found or not exportable, 2 usage error.`;

class UsageError extends Error {}

interface Parsed {
  recordId: string;
  out: string;
  bundle: string;
  locale: 'uk' | 'en';
  url: string;
}

function parse(args: string[]): Parsed | 'help' {
  let p;
  try {
    p = parseArgs({
      args,
      strict: true,
      allowPositionals: true,
      options: {
        out: { type: 'string' },
        bundle: { type: 'string' },
        locale: { type: 'string' },
        database: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  if (p.values.help === true) return 'help';
  const [recordId, ...extra] = p.positionals;
  if (recordId === undefined || extra.length > 0) throw new UsageError('give one RECORD_ID');
  const locale = p.values.locale ?? 'uk';
  if (locale !== 'uk' && locale !== 'en') throw new UsageError('--locale must be uk or en');
  const url = p.values.database ?? process.env['DATABASE_URL'] ?? 'data/custody.sqlite';
  if (!isPostgresUrl(url) && !existsSync(url.replace(/^sqlite:(\/\/)?/i, ''))) {
    throw new UsageError(`немає бази даних / no database at ${url}`);
  }
  return {
    recordId,
    out: p.values.out ?? `${recordId}.pdf`,
    bundle: p.values.bundle ?? `${recordId}.extract.json`,
    locale,
    url,
  };
}

async function exportRecord(p: Parsed): Promise<number> {
  const keyFile = process.env['CUSTODY_KEY_FILE'] ?? 'data/signing.key';
  const signer = signerFromSkey(readFileSync(keyFile, 'utf8').trim());
  const database = openDatabase(p.url);
  try {
    const origin = process.env['CUSTODY_ORIGIN'] ?? 'custody.example/log';
    const store = await createEventStore({ database, signer, origin });
    const bundle = await buildExtractBundle({ store, database }, p.recordId, {
      vkeys: [signer.vkey],
    });
    const events = await store.readStream(p.recordId);
    const pdf = await renderDocument('record_extract', {
      recordId: p.recordId,
      events,
      locale: p.locale,
      unit: {
        name: process.env['CUSTODY_UNIT_NAME'] ?? 'Custody Records',
        code: process.env['CUSTODY_UNIT_CODE'] ?? '-',
        timeZone: process.env['CUSTODY_TIME_ZONE'] ?? 'Europe/Kyiv',
      },
      people: () => undefined,
      generatedAt: new Date().toISOString(),
      verification: bundle,
    });
    writeFileSync(p.bundle, `${JSON.stringify(bundle, null, 2)}\n`);
    writeFileSync(p.out, pdf);
    console.log(
      `${p.out}\n${p.bundle}\n${bundle.entries.length} entries, checkpoint size ${bundle.treeSize}`,
    );
    await store.close();
    return 0;
  } catch (error) {
    console.error(`custody export: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  } finally {
    await database.close();
  }
}

/** `custody export`: the record extract of domain.md §6 with its verification bundle. */
export const exportCommand: CliCommand = {
  summary: 'export a record extract (PDF + bundle) / витяг із запису',
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
    return exportRecord(parsed);
  },
};
