import { concatBytes, equalBytes, fromBase64, toBase64, toHex } from './bytes.ts';
import type { NoteSigner, NoteVerifier } from './note-key.ts';
import { isValidKeyName } from './note-key.ts';

/** A malformed note, or one that no trusted key has validly signed. */
export class NoteError extends Error {
  override name = 'NoteError';
}

/** A signature line that verified, with the key that verified it and its raw signature bytes. */
export interface VerifiedSignature {
  verifier: NoteVerifier;
  /** The signature after the 4-byte key ID. */
  sig: Uint8Array;
}

/** The text of a note whose signatures checked out, and the signatures nobody could check. */
export interface OpenedNote {
  text: string;
  verifiedBy: string[];
  /** The verified signatures in note order (`verifiedBy` names their keys). */
  verified: VerifiedSignature[];
  unverified: { name: string; keyId: string }[];
}

/** golang.org/x/mod/sumdb/note accepts at most 100; the spec requires at least 16. */
export const MAX_SIGNATURES = 100;
const MAX_NOTE_LENGTH = 1 << 20;
const SIG_LINE = /^\u2014 (\S+) (\S+)$/u;
const encoder = new TextEncoder();

/** c2sp.org/signed-note §Format: valid UTF-8, no control characters other than newline. */
function isValidNoteText(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 && c !== 0x0a) return false;
  }
  return !/\p{Cs}/u.test(s);
}

function checkText(text: string): void {
  if (!text.endsWith('\n') || !isValidNoteText(text)) {
    throw new NoteError('malformed note: text must be control-free and end with a newline');
  }
}

/**
 * Signs `text` (c2sp.org/signed-note §Format): returns the text, a blank line, and one line
 * "— <name> base64(key ID || Ed25519 signature)" per signer (em dash U+2014).
 */
export function signNote(text: string, signers: readonly NoteSigner[]): string {
  const msg = noteMessage(text, signers);
  return noteOf(
    text,
    signers.map((s) => signatureLine(s, s.sign(msg))),
  );
}

/**
 * {@link signNote}, byte for byte (Ed25519 is deterministic), with each signature made off the
 * calling thread where the signer can (`NoteSigner.signAsync`; on Node.js libuv's thread pool).
 * The hand-off costs the calling thread about as much as an Ed25519 signature on Node.js, so it
 * pays only where the calling thread has something else to do meanwhile; the event store signs
 * with {@link signNote} (apps/server/src/store/README.md).
 */
export async function signNoteAsync(text: string, signers: readonly NoteSigner[]): Promise<string> {
  const msg = noteMessage(text, signers);
  const sigs = await Promise.all(
    signers.map((s) =>
      s.signAsync === undefined ? Promise.resolve(s.sign(msg)) : s.signAsync(msg),
    ),
  );
  return noteOf(
    text,
    signers.map((s, i) => signatureLine(s, sigs[i] ?? new Uint8Array())),
  );
}

/** The checked text as the bytes its signers sign. */
function noteMessage(text: string, signers: readonly NoteSigner[]): Uint8Array {
  checkText(text);
  if (signers.length === 0 || signers.length > MAX_SIGNATURES) {
    throw new NoteError(`a note needs 1 to ${MAX_SIGNATURES} signers`);
  }
  for (const s of signers) {
    if (!isValidKeyName(s.name) || s.keyId.length !== 4) throw new NoteError('invalid signer');
  }
  return encoder.encode(text);
}

const signatureLine = (s: NoteSigner, sig: Uint8Array): string =>
  `\u2014 ${s.name} ${toBase64(concatBytes(s.keyId, sig))}\n`;

const noteOf = (text: string, lines: readonly string[]): string => `${text}\n${lines.join('')}`;

interface SignatureLine {
  name: string;
  keyId: Uint8Array;
  sig: Uint8Array;
}

function parseSignatureLines(block: string): SignatureLine[] {
  if (!block.endsWith('\n')) throw new NoteError('malformed note: no final newline');
  const lines = block.slice(0, -1).split('\n');
  if (lines.length > MAX_SIGNATURES) throw new NoteError('malformed note: too many signatures');
  if (new Set(lines).size !== lines.length) throw new NoteError('malformed note: duplicate line');
  const seen = new Set<string>();
  return lines.map((line) => {
    const m = SIG_LINE.exec(line);
    const name = m?.[1] ?? '';
    if (!isValidKeyName(name)) throw new NoteError('malformed note: bad signature line');
    let raw: Uint8Array;
    try {
      raw = fromBase64(m?.[2] ?? '');
    } catch {
      throw new NoteError('malformed note: bad signature base64');
    }
    if (raw.length < 5) throw new NoteError('malformed note: signature too short');
    const keyId = raw.slice(0, 4);
    const key = `${name}+${toHex(keyId)}`;
    if (seen.has(key)) throw new NoteError(`malformed note: two signatures by ${key}`);
    seen.add(key);
    return { name, keyId, sig: raw.slice(4) };
  });
}

/**
 * Opens a signed note (c2sp.org/signed-note §Signatures): signatures by unknown keys are listed
 * as unverified; a known key's signature that fails rejects the whole note; at least one known
 * key must have signed. Stricter than the spec: duplicate lines and two signatures by one key
 * are malformed. Throws NoteError.
 */
export function openNote(note: string, verifiers: readonly NoteVerifier[]): OpenedNote {
  if (note.length > MAX_NOTE_LENGTH || !isValidNoteText(note)) {
    throw new NoteError('malformed note');
  }
  const split = note.lastIndexOf('\n\n');
  if (split < 0) throw new NoteError('malformed note: no blank line before signatures');
  const text = note.slice(0, split + 1);
  const msg = encoder.encode(text);
  const opened: OpenedNote = { text, verifiedBy: [], verified: [], unverified: [] };
  for (const s of parseSignatureLines(note.slice(split + 2))) {
    const known = verifiers.filter((v) => v.name === s.name && equalBytes(v.keyId, s.keyId));
    const id = `${s.name}+${toHex(s.keyId)}`;
    if (known.length > 1) throw new NoteError(`ambiguous key ${id}`);
    const verifier = known[0];
    if (verifier === undefined) {
      opened.unverified.push({ name: s.name, keyId: toHex(s.keyId) });
    } else if (verifier.verify(msg, s.sig)) {
      opened.verifiedBy.push(s.name);
      opened.verified.push({ verifier, sig: s.sig });
    } else {
      throw new NoteError(`invalid signature for key ${id}`);
    }
  }
  if (opened.verifiedBy.length === 0) throw new NoteError('note has no verifiable signatures');
  return opened;
}

/** The signature lines of a note, each with its final newline, in order (not verified). */
export function signatureLines(note: string): string[] {
  const split = note.lastIndexOf('\n\n');
  if (split < 0 || !note.endsWith('\n')) throw new NoteError('malformed note');
  return note
    .slice(split + 2, -1)
    .split('\n')
    .map((l) => `${l}\n`);
}

/**
 * The note with `lines` (signature lines such as a witness's cosignatures) added after its own,
 * skipping any line by a key (name and key ID) that already signed it, so the result opens as
 * one note. Verify the lines before adding them: this only writes.
 */
export function withSignatures(note: string, lines: readonly string[]): string {
  const keyOf = (line: string): string => {
    const m = SIG_LINE.exec(line.endsWith('\n') ? line.slice(0, -1) : line);
    if (m === null) throw new NoteError('malformed signature line');
    const raw = fromBase64(m[2] ?? '');
    return `${m[1] ?? ''}+${toHex(raw.slice(0, 4))}`;
  };
  const present = new Set(signatureLines(note).map(keyOf));
  let out = note;
  for (const line of lines) {
    const key = keyOf(line);
    if (present.has(key)) continue;
    present.add(key);
    out += line.endsWith('\n') ? line : `${line}\n`;
  }
  return out;
}
