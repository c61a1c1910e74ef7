import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parsePolicy, PolicyError, type Policy } from '@custody/ledger';
import type { CliCommand } from './common.ts';
import { verifyExtract, type ExtractVerification } from '../documents/verify-extract.ts';

const USAGE = `Використання / usage: custody verify-extract BUNDLE.json (--key VKEY... | --policy FILE) [--json]

Перевіряє витяг із запису офлайн / verifies a custody record extract offline: the signed
checkpoint (with the key you give, never a key from the bundle), every leaf hash, payload
commitment, inclusion proof and the record's stream chain, and the signed extract statement
(same key): the record's number of entries and its last entry, so nothing is cut off the end.
For entries made offline on a tablet: the tablet's enrolment (its public key) and the bytes it
signed, proved in the same checkpoint, the tablet's signature over them, and the record entry
made from each.

  --key VKEY        trusted verifier key, or a file holding one (repeatable)
  --policy FILE     a c2sp.org/tlog-policy file: the checkpoint must be signed by a log of the
                    policy and cosigned by its witness quorum (docs/witnessing.md); its log keys
                    are trusted for the rest of the check when no --key is given
  --json            print the result as JSON

Exit status: 0 every entry verified or lawfully withheld (and the quorum met, with --policy),
1 any failure, 2 usage error.`;

class UsageError extends Error {}

function readKey(value: string): string {
  if (value.includes('+')) return value.trim();
  try {
    return readFileSync(value, 'utf8').trim();
  } catch {
    throw new UsageError(`не вдалося прочитати ключ / cannot read key file: ${value}`);
  }
}

function readPolicy(file: string): Policy {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new UsageError(`не вдалося прочитати політику / cannot read policy file: ${file}`);
  }
  try {
    return parsePolicy(text);
  } catch (error) {
    if (error instanceof PolicyError) throw new UsageError(`${file}: ${error.message}`);
    throw error;
  }
}

interface Parsed {
  file: string;
  keys: string[];
  policy: Policy | undefined;
  json: boolean;
}

function parse(args: string[]): Parsed | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      strict: true,
      allowPositionals: true,
      options: {
        key: { type: 'string', multiple: true },
        policy: { type: 'string' },
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
  const policy = parsed.values.policy === undefined ? undefined : readPolicy(parsed.values.policy);
  let keys = (parsed.values.key ?? []).map(readKey);
  if (keys.length === 0 && policy !== undefined) keys = policy.logs.map((l) => l.vkey);
  if (keys.length === 0) {
    throw new UsageError('немає ключа / no key: give --key VKEY or --policy FILE');
  }
  return { file, keys, policy, json: parsed.values.json === true };
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
  const devices = r.devices.map((d) => {
    const mark = d.status === 'failed' ? 'FAIL' : 'OK';
    const why = d.reason === undefined ? '' : ` (${d.reason})`;
    const seq = d.seq === null ? '?' : String(d.seq);
    const made =
      d.recordLogIndex === null ? '' : ` -> record entry at log ${String(d.recordLogIndex)}`;
    return `${mark.padEnd(8)} tablet ${d.deviceId} #${seq} log ${String(d.logIndex)} signed, key at log ${String(d.enrolLogIndex)}${made}${why}`;
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
  const w = r.witnesses;
  const witnessed =
    w === null
      ? []
      : [
          `witnesses: quorum ${w.quorum} ${w.met ? 'MET' : 'NOT MET'}, cosigned by ${
            w.cosignedBy.length === 0 ? 'none' : w.cosignedBy.join(', ')
          }`,
        ];
  const problems = r.problems.map((p) => `  - ${p}`).join('\n');
  const verdict = r.ok
    ? `ЦІЛІСНИЙ / INTACT: record ${r.recordId ?? ''}, ${r.entries.length} entries${
        w === null ? '' : `, witnessed by ${w.quorum}`
      }`
    : r.intact
      ? `ЦІЛІСНИЙ, АЛЕ НЕ ЗАСВІДЧЕНИЙ / INTACT BUT NOT WITNESSED:\n${problems}`
      : `НЕ ЦІЛІСНИЙ / NOT INTACT:\n${problems}`;
  return [head, stated, ...witnessed, ...lines, ...devices, verdict].join('\n');
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
      const result = verifyExtract(
        readBundle(parsed.file),
        parsed.keys,
        parsed.policy === undefined ? {} : { policy: parsed.policy },
      );
      console.log(parsed.json ? JSON.stringify(result, null, 2) : report(result));
      return Promise.resolve(result.ok ? 0 : 1);
    } catch (error) {
      if (!(error instanceof UsageError)) throw error;
      console.error(`custody verify-extract: ${error.message}\n\n${USAGE}`);
      return Promise.resolve(2);
    }
  },
};
