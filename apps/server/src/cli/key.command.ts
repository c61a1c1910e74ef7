import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline/promises';
import { generateKeyFile, readSigner } from '../ops/keys.ts';
import { originProblem } from '../ops/origin.ts';
import { command, configOf, json, parse, UsageError, noMoreArguments } from './common.ts';

const USAGE = `Використання / usage:
  custody key generate [--out FILE] [--origin ORIGIN] [--json]
  custody key show-vkey [--key FILE]

Ключ підпису контрольних точок / the Ed25519 checkpoint signing key (C2SP signed-note), kept in a
file outside the database (default CUSTODY_KEY_FILE, data/signing.key; mode 0600). generate
never overwrites a key: rotation is in docs/operations.md. The key is named by the log's origin,
this installation's own host and path (e.g. custody.kyiv.npu.gov.ua/log), the first line of every
checkpoint: --origin, else CUSTODY_ORIGIN, else it is asked for at the terminal. show-vkey prints the verifier key to
give to witnesses, courts and lawyers (custody verify --vkey, custody verify-extract --key).
Exit status: 0 done, 1 failed (file exists, unreadable key), 2 usage error.`;

/** `custody key`: generate the signing key, print its verifier key (integrity.md "Checkpoints"). */
export const keyCommand = command('key', 'ключ підпису / signing key', USAGE, (args) => {
  const { values, positionals } = parse(args, {
    out: { type: 'string' },
    key: { type: 'string' },
    origin: { type: 'string' },
    json: { type: 'boolean' },
  });
  const [action, ...extra] = positionals;
  noMoreArguments(extra);
  const config = configOf(values.database);
  if (action === 'generate') {
    const file = values.out ?? config.keyFile;
    // An existing key is never replaced (rotation, docs/operations.md): refused before asking.
    if (existsSync(file)) {
      return Promise.reject(new Error(`файл уже існує / refusing to overwrite ${file}`));
    }
    return logOrigin(values.origin ?? config.origin).then((origin) => {
      const { vkey } = generateKeyFile(file, origin);
      return values.json === true
        ? json({ keyFile: file, origin, vkey })
        : `${file}\n${file}.pub\norigin: ${origin}\nvkey: ${vkey}`;
    });
  }
  if (action === 'show-vkey') return Promise.resolve(readSigner(values.key ?? config.keyFile).vkey);
  throw new UsageError(
    action === undefined ? 'give an action: generate, show-vkey' : `unknown action ${action}`,
  );
});

/**
 * The log origin of a new key: given (--origin, CUSTODY_ORIGIN), else asked at a terminal; without
 * a terminal it must be given. A placeholder or malformed origin is a usage error.
 */
async function logOrigin(given: string | null | undefined): Promise<string> {
  let origin = given ?? null;
  if (origin === null) {
    if (!process.stdin.isTTY) {
      throw new UsageError(
        "give the log origin: --origin HOST/PATH (this installation's own, e.g. custody.kyiv.npu.gov.ua/log)",
      );
    }
    const terminal = createInterface({ input: process.stdin, output: process.stderr });
    try {
      origin = (
        await terminal.question(
          "Походження журналу / log origin, this installation's own host/path (e.g. custody.kyiv.npu.gov.ua/log): ",
        )
      ).trim();
    } finally {
      terminal.close();
    }
  }
  const problem = originProblem(origin);
  if (problem !== null) throw new UsageError(problem);
  return origin;
}
