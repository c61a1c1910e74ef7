import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { CliCommand } from '../cli.ts';
import { verifyExtract, type ExtractVerification } from '../documents/verify-extract.ts';

const USAGE = `Використання / usage: custody verify-extract BUNDLE.json --key VKEY [--key VKEY...] [--json]

Перевіряє витяг із запису офлайн / verifies a custody record extract offline: the signed
checkpoint (with the key you give, never a key from the bundle), every leaf hash, payload
commitment, inclusion proof and the record's stream chain, and the signed extract statement
(same key): the record's number of entries and its last entry, so nothing is cut off the end.

  --key VKEY        trusted verifier key, or a file holding one (repeatable)
  --json            print the result as JSON

Exit status: 0 every entry verified or lawfully withheld, 1 any failure, 2 usage error.`;

class UsageError extends Error {}

function readKey(value: string): string {
  if (value.includes('+')) return value.trim();
  try {
    return readFileSync(value, 'utf8').trim();
  } catch {
    throw new UsageError(`не вдалося прочитати ключ / cannot read key file: ${value}`);
  }
}

function parse(args: string[]): { file: string; keys: string[]; json: boolean } | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      strict: true,
      allowPositionals: true,
      options: {
        key: { type: 'string', multiple: true },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  if (parsed.values.help === true) return 'help';
  const [file, ...extra] = parsed.positionals;
  if (file === undefined || extra.length > 0) throw new UsageError('give exactly one BUNDLE file');
  const keys = (parsed.values.key ?? []).map(readKey);
  if (keys.length === 0) throw new UsageError('немає ключа / no key: give --key VKEY');
  return { file, keys, json: parsed.values.json === true };
}

function readBundle(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new UsageError(`не вдалося прочитати / cannot read: ${file}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function report(r: ExtractVerification): string {
  const lines = r.entries.map((e) => {
    const mark = e.status === 'failed' ? 'FAIL' : e.status === 'withheld' ? 'WITHHELD' : 'OK';
    const why = e.reason === undefined ? '' : ` (${e.reason})`;
    return `${mark.padEnd(8)} #${String(e.version).padEnd(4)} log ${String(e.logIndex).padEnd(8)} ${e.type}${why}`;
  });
  const cp = r.checkpoint;
  const head =
    cp === null
      ? 'checkpoint: NOT VERIFIED'
      : `checkpoint: ${cp.origin} size ${cp.size} root ${cp.root}`;
  const st = r.statement;
  const stated =
    st === null
      ? 'statement: NOT VERIFIED'
      : `statement: record ${st.recordId}, ${st.entries} entries, last at log ${st.lastIndex}`;
  const verdict = r.ok
    ? `ЦІЛІСНИЙ / INTACT: record ${r.recordId ?? ''}, ${r.entries.length} entries`
    : `НЕ ЦІЛІСНИЙ / NOT INTACT:\n${r.problems.map((p) => `  - ${p}`).join('\n')}`;
  return [head, stated, ...lines, verdict].join('\n');
}

/** `custody verify-extract`: the offline check of integrity.md "Verification" for one extract. */
export const verifyExtractCommand: CliCommand = {
  summary: 'verify a record extract bundle offline / перевірити витяг',
  run(args) {
    try {
      const parsed = parse(args);
      if (parsed === 'help') {
        console.log(USAGE);
        return Promise.resolve(0);
      }
      const result = verifyExtract(readBundle(parsed.file), parsed.keys);
      console.log(parsed.json ? JSON.stringify(result, null, 2) : report(result));
      return Promise.resolve(result.ok ? 0 : 1);
    } catch (error) {
      if (!(error instanceof UsageError)) throw error;
      console.error(`custody verify-extract: ${error.message}\n\n${USAGE}`);
      return Promise.resolve(2);
    }
  },
};
