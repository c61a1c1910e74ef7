import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { generateSignerKey, signerFromSkey, type NoteSigner } from '@custody/ledger';

/** The key name of a log's checkpoints: its origin line (C2SP tlog-checkpoint), e.g. `custody.example/log`. */
export function keyNameOf(origin: string): string {
  return origin;
}

/**
 * Reads the Ed25519 signing key (C2SP signed-note `PRIVATE+KEY+...`) from its file. The key lives
 * in a file beside the server, never in the database (integrity.md: "The signing key is not
 * readable by the database").
 */
export function readSigner(keyFile: string): NoteSigner {
  let text: string;
  try {
    text = readFileSync(keyFile, 'utf8');
  } catch {
    throw new Error(`немає ключа підпису / cannot read the signing key file ${keyFile}`);
  }
  try {
    return signerFromSkey(text.trim());
  } catch {
    throw new Error(`недійсний ключ підпису / invalid signing key in ${keyFile}`);
  }
}

/**
 * Writes a fresh signing key to `keyFile` (mode 0600) and its verifier key to `keyFile.pub`.
 * Refuses to overwrite: replacing a key is a rotation (docs/operations.md), never an accident.
 */
export function generateKeyFile(keyFile: string, origin: string): { vkey: string } {
  if (existsSync(keyFile)) throw new Error(`файл уже існує / refusing to overwrite ${keyFile}`);
  mkdirSync(dirname(resolve(keyFile)), { recursive: true });
  const { skey, vkey } = generateSignerKey(keyNameOf(origin));
  writeFileSync(keyFile, `${skey}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(keyFile, 0o600);
  writeFileSync(`${keyFile}.pub`, `${vkey}\n`);
  return { vkey };
}

/** The signer of `keyFile`, creating the key first when the file is missing (first start). */
export function ensureSigner(
  keyFile: string,
  origin: string,
): { signer: NoteSigner; created: boolean } {
  if (existsSync(keyFile)) return { signer: readSigner(keyFile), created: false };
  generateKeyFile(keyFile, origin);
  return { signer: readSigner(keyFile), created: true };
}
