import { generateSignerKey, signerFromSkey, type NoteSigner } from '@custody/ledger';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';

/**
 * The checkpoint signing key from its file, created (mode 0600) on first start. The key lives
 * outside the database, which must never be able to read it (integrity.md, "Checkpoints").
 * The file holds the C2SP signer key on its first line and the verifier key on its second.
 */
export function loadOrCreateSigner(path: string, origin: string): NoteSigner {
  if (!existsSync(path)) {
    const { skey, vkey } = generateSignerKey(origin);
    writeFileSync(path, `${skey}\n${vkey}\n`, { mode: 0o600, flag: 'wx' });
  }
  chmodSync(path, 0o600);
  const skey = readFileSync(path, 'utf8').split('\n')[0]?.trim() ?? '';
  return signerFromSkey(skey);
}
