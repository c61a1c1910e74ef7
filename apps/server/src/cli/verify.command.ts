import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { signerFromSkey, verifierFromVkey, type NoteVerifier } from '@custody/ledger';
import { isPostgresUrl, openDatabase } from '../db/database.ts';
import { verifyLog, type VerifyReport } from '../store/index.ts';
import type { CliCommand } from './common.ts';

const USAGE = `Використання / usage: custody verify [options]

Перевіряє весь журнал / verifies the whole log: every leaf hash, stream chain, stored tree
node, checkpoint root and signature (integrity.md, "Verification").

  --database URL      PostgreSQL URL or SQLite file (env DATABASE_URL, default data/custody.sqlite)
  --vkey VKEY         trusted verifier key (repeatable; env CUSTODY_VKEY)
  --vkey-file FILE    file holding a verifier key (repeatable)
  --checkpoint FILE   a signed checkpoint held outside the database (witness, receipt)
  --json              print the report as JSON

Without a vkey, the verifier key is derived from CUSTODY_KEY_FILE (default data/signing.key).
Exit status: 0 intact, 1 not intact, 2 usage error.`;

class UsageError extends Error {}

interface Parsed {
  url: string;
  verifiers: NoteVerifier[];
  outside: string | undefined;
  json: boolean;
}

function readText(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    throw new UsageError(`не вдалося прочитати / cannot read ${what}: ${path}`);
  }
}

function toVerifier(vkey: string): NoteVerifier {
  try {
    return verifierFromVkey(vkey.trim());
  } catch {
    throw new UsageError(`недійсний ключ перевірки / invalid verifier key: ${vkey.trim()}`);
  }
}

function trustedKeys(vkeys: string[], files: string[]): NoteVerifier[] {
  const given = [...vkeys, ...files.map((f) => readText(f, 'vkey file'))];
  if (given.length > 0) return given.map(toVerifier);
  const fromEnv = process.env['CUSTODY_VKEY'];
  if (fromEnv) return [toVerifier(fromEnv)];
  const keyFile = process.env['CUSTODY_KEY_FILE'] ?? 'data/signing.key';
  if (!existsSync(keyFile)) {
    throw new UsageError('немає ключа перевірки / no verifier key: give --vkey or CUSTODY_VKEY');
  }
  try {
    return [toVerifier(signerFromSkey(readText(keyFile, 'key file').trim()).vkey)];
  } catch {
    throw new UsageError(`недійсний файл ключа / invalid key file: ${keyFile}`);
  }
}

function parse(args: string[]): Parsed | 'help' {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: {
        database: { type: 'string' },
        vkey: { type: 'string', multiple: true },
        'vkey-file': { type: 'string', multiple: true },
        checkpoint: { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  if (values.help) return 'help';
  const url = values.database ?? process.env['DATABASE_URL'] ?? 'data/custody.sqlite';
  if (!isPostgresUrl(url) && !existsSync(url.replace(/^sqlite:(\/\/)?/i, ''))) {
    throw new UsageError(`немає бази даних / no database at ${url}`);
  }
  return {
    url,
    verifiers: trustedKeys(values.vkey ?? [], values['vkey-file'] ?? []),
    outside:
      values.checkpoint === undefined ? undefined : readText(values.checkpoint, 'checkpoint'),
    json: values.json ?? false,
  };
}

function progressBar(): ((done: number, total: number) => void) | undefined {
  if (!process.stderr.isTTY) return undefined;
  return (done, total) => {
    const width = 30;
    const filled = total === 0 ? width : Math.round((done / total) * width);
    process.stderr.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`);
    if (done >= total) process.stderr.write('\n');
  };
}

function describe(report: VerifyReport): string {
  const c = report.checked;
  const counts = `${c.leaves} leaves, ${c.streams} records, ${c.nodes} nodes, ${c.checkpoints} checkpoints`;
  if (report.ok) return `Журнал цілий / log intact: ${counts}`;
  const [firstProblem, ...others] = report.problems;
  const where =
    firstProblem?.logIndex === undefined
      ? ''
      : ` at log index ${firstProblem.logIndex}${firstProblem.streamId ? ` (record ${firstProblem.streamId})` : ''}`;
  const lines = [
    `ЖУРНАЛ ПОШКОДЖЕНО / LOG NOT INTACT${where}: ${firstProblem?.kind ?? ''}: ${firstProblem?.message ?? ''}`,
    ...others
      .slice(0, 9)
      .map((p) => `  ${p.logIndex ?? '-'} ${p.streamId ?? '-'} ${p.kind}: ${p.message}`),
    others.length > 9 ? `  ... ${others.length - 9} more` : '',
    `checked: ${counts}`,
  ];
  return lines.filter((l) => l !== '').join('\n');
}

async function run(args: string[]): Promise<number> {
  let parsed: Parsed | 'help';
  try {
    parsed = parse(args);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`custody verify: ${error.message}\n\n${USAGE}`);
    return 2;
  }
  if (parsed === 'help') {
    console.log(USAGE);
    return 0;
  }
  const database = openDatabase(parsed.url);
  try {
    const opts = { verifiers: parsed.verifiers, onProgress: progressBar() };
    const report = await verifyLog(
      database,
      parsed.outside === undefined ? opts : { ...opts, outside: parsed.outside },
    );
    console.log(parsed.json ? JSON.stringify(report, null, 2) : describe(report));
    return report.ok ? 0 : 1;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    console.error(`custody verify: не вдалося прочитати журнал / cannot read the log: ${reason}`);
    return 2;
  } finally {
    await database.close();
  }
}

/** `custody verify`: checks the log from the database and trusted keys alone (integrity.md). */
export const verifyCommand: CliCommand = {
  summary: 'перевірити журнал / verify the tamper-evident log',
  run,
};
