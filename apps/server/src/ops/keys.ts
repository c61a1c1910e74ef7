import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { generateSignerKey, signerFromSkey, type NoteSigner } from '@custody/ledger';
import { machineOrigin, originProblem } from './origin.ts';

/**
 * The key name of a log's checkpoints: its origin line (C2SP tlog-checkpoint), the installation's
 * own, e.g. `custody.kyiv.npu.gov.ua/log`. A placeholder or a malformed origin is refused.
 */
export function keyNameOf(origin: string): string {
  const problem = originProblem(origin);
  if (problem !== null) throw new Error(`недійсне походження журналу / ${problem}`);
  return origin;
}

/** The origin of the log a signer signs: its key's name (asked at `custody key generate`). */
export function originOf(signer: NoteSigner): string {
  return signer.name;
}

/**
 * Reads the Ed25519 signing key (C2SP signed-note `PRIVATE+KEY+...`) from its file. The key lives
 * in a file beside the server, never in the database (integrity.md: "The signing key is not
 * readable by the database").
 */
export function readSigner(keyFile: string): NoteSigner {
  return readKeyFile(keyFile, signerFromSkey, {
    missing: 'немає ключа підпису / cannot read the signing key file',
    invalid: 'недійсний ключ підпису / invalid signing key in',
  });
}

/**
 * Reads a C2SP private key file with `parse` (the log's signing key, a witness's cosigning key);
 * a missing or unreadable file and an invalid key are errors naming the file, never the key.
 */
export function readKeyFile<K>(
  keyFile: string,
  parse: (skey: string) => K,
  words: { readonly missing: string; readonly invalid: string },
): K {
  let text: string;
  try {
    text = readFileSync(keyFile, 'utf8');
  } catch {
    throw new Error(`${words.missing} ${keyFile}`);
  }
  try {
    return parse(text.trim());
  } catch {
    throw new Error(`${words.invalid} ${keyFile}`);
  }
}

/**
 * Writes a fresh signing key to `keyFile` (mode 0600) and its verifier key to `keyFile.pub`.
 * Refuses to overwrite: replacing a key is a rotation (docs/operations.md), never an accident.
 */
export function generateKeyFile(keyFile: string, origin: string): { vkey: string } {
  return writeNewKeyFile(keyFile, () => generateSignerKey(keyNameOf(origin)));
}

/**
 * Writes the key `generate` makes (a C2SP `PRIVATE+KEY+…` and its vkey) to `keyFile`, mode 0600
 * and never over an existing file, and the vkey to `keyFile.pub`; the one way a key file is
 * written, for the log's signing key and a witness's cosigning key (`custody witness key
 * generate`) alike. `generate` runs only once the file is known not to exist.
 */
export function writeNewKeyFile(
  keyFile: string,
  generate: () => { skey: string; vkey: string },
): { vkey: string } {
  if (existsSync(keyFile)) throw new Error(`файл уже існує / refusing to overwrite ${keyFile}`);
  const { skey, vkey } = generate();
  mkdirSync(dirname(resolve(keyFile)), { recursive: true });
  writeFileSync(keyFile, `${skey}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(keyFile, 0o600);
  writeFileSync(`${keyFile}.pub`, `${vkey}\n`);
  return { vkey };
}

/**
 * The signer of `keyFile`, creating the key first when the file is missing (first start), named
 * by `origin` (CUSTODY_ORIGIN) or else by this machine's name. An origin given for an existing key
 * must be the key's own: the log's checkpoints carry one origin for life.
 */
export function ensureSigner(
  keyFile: string,
  origin: string | null,
): { signer: NoteSigner; created: boolean } {
  if (existsSync(keyFile)) {
    const signer = readSigner(keyFile);
    if (origin !== null && origin !== signer.name) {
      throw new Error(
        `походження не збігається з ключем / CUSTODY_ORIGIN ${origin} is not the origin of the key in ${keyFile} (${signer.name})`,
      );
    }
    return { signer, created: false };
  }
  generateKeyFile(keyFile, origin ?? machineOrigin());
  return { signer: readSigner(keyFile), created: true };
}
