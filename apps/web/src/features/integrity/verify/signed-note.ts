import { concatBytes, equalBytes, fromBase64, toHex, utf8Bytes, type Bytes } from './bytes.ts';
import { sha256 } from './merkle.ts';

/** Signature type byte of Ed25519 (c2sp.org/signed-note §Signature types). */
const ED25519 = 0x01;
const SIG_LINE = /^\u2014 (\S+) (\S+)$/u;
const DECIMAL = /^(?:0|[1-9][0-9]*)$/;

/** A verifier key of c2sp.org/signed-note: "<name>+<key id hex>+<base64(0x01 || key)>". */
export interface NoteKey {
  readonly name: string;
  readonly keyId: Bytes;
  readonly publicKey: Bytes;
}

/** c2sp.org/signed-note: key ID = SHA-256(name || 0x0A || 0x01 || public key)[:4]. */
export async function noteKeyId(name: string, publicKey: Uint8Array): Promise<Bytes> {
  const digest = await sha256(
    concatBytes(utf8Bytes(`${name}\n`), Uint8Array.of(ED25519), publicKey),
  );
  return digest.slice(0, 4);
}

/** Parses a vkey and checks that its key ID is the one its name and key give; throws otherwise. */
export async function parseVkey(vkey: string): Promise<NoteKey> {
  const [name = '', id = '', ...rest] = vkey.trim().split('+');
  if (name === '' || /[\s+]/u.test(name) || !/^[0-9a-f]{8}$/.test(id)) {
    throw new TypeError('malformed verifier key');
  }
  const raw = fromBase64(rest.join('+'));
  if (raw.length !== 33 || raw[0] !== ED25519) throw new TypeError('not an Ed25519 verifier key');
  const publicKey = raw.slice(1);
  const keyId = await noteKeyId(name, publicKey);
  if (toHex(keyId) !== id) throw new TypeError('verifier key ID does not match the key');
  return { name, keyId, publicKey };
}

async function ed25519Verify(key: NoteKey, sig: Uint8Array, msg: Uint8Array): Promise<boolean> {
  if (sig.length !== 64) return false;
  const publicKey = await crypto.subtle.importKey('raw', key.publicKey, 'Ed25519', false, [
    'verify',
  ]);
  return crypto.subtle.verify('Ed25519', publicKey, concatBytes(sig), concatBytes(msg));
}

/**
 * Opens a C2SP signed note with one trusted key (c2sp.org/signed-note §Signatures): the text is
 * everything up to and including the newline before the last blank line; the note must carry a
 * signature line "— <name> base64(key ID || signature)" by that key, and it must verify with
 * WebCrypto Ed25519. Signatures by other keys are ignored. Returns the signed text; throws.
 */
export async function openNote(note: string, key: NoteKey): Promise<string> {
  const split = note.lastIndexOf('\n\n');
  if (split < 0 || !note.endsWith('\n')) throw new TypeError('malformed note');
  const text = note.slice(0, split + 1);
  const lines = note.slice(split + 2, -1).split('\n');
  for (const line of lines) {
    const match = SIG_LINE.exec(line);
    if (match?.[1] !== key.name) continue;
    const raw = fromBase64(match[2] ?? '');
    if (!equalBytes(raw.slice(0, 4), key.keyId)) continue;
    if (await ed25519Verify(key, raw.slice(4), utf8Bytes(text))) return text;
    throw new TypeError('the note signature does not verify');
  }
  throw new TypeError(`the note carries no signature by ${key.name}`);
}

/** The body of a c2sp.org/tlog-checkpoint. */
export interface CheckpointBody {
  readonly origin: string;
  readonly size: number;
  readonly root: Bytes;
}

/** Parses "<origin>\n<size>\n<base64 root>\n[extensions]" strictly (c2sp.org/tlog-checkpoint). */
export function parseCheckpoint(text: string): CheckpointBody {
  const [origin = '', sizeLine = '', rootLine = ''] = text.split('\n');
  const size = Number(sizeLine);
  if (origin === '' || !DECIMAL.test(sizeLine) || !Number.isSafeInteger(size)) {
    throw new TypeError('malformed checkpoint');
  }
  const root = fromBase64(rootLine);
  if (root.length !== 32) throw new TypeError('checkpoint root is not 32 bytes');
  return { origin, size, root };
}
