import { generateKeyFile, readSigner } from '../ops/keys.ts';
import { command, configOf, json, parse, UsageError, noMoreArguments } from './common.ts';

const USAGE = `Використання / usage:
  custody key generate [--out FILE] [--origin ORIGIN] [--json]
  custody key show-vkey [--key FILE]

Ключ підпису контрольних точок / the Ed25519 checkpoint signing key (C2SP signed-note), kept in a
file outside the database (default CUSTODY_KEY_FILE, data/signing.key; mode 0600). generate
never overwrites a key: rotation is in docs/operations.md. show-vkey prints the verifier key to
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
    const { vkey } = generateKeyFile(file, values.origin ?? config.origin);
    return Promise.resolve(
      values.json === true ? json({ keyFile: file, vkey }) : `${file}\n${file}.pub\nvkey: ${vkey}`,
    );
  }
  if (action === 'show-vkey') return Promise.resolve(readSigner(values.key ?? config.keyFile).vkey);
  throw new UsageError(
    action === undefined ? 'give an action: generate, show-vkey' : `unknown action ${action}`,
  );
});
