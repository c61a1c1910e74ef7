import { fromBase64, toBase64 } from './bytes.ts';
import { HASH_SIZE } from './hash.ts';
import { isTreeSize } from './tree-math.ts';

/** c2sp.org/tlog-witness §add-checkpoint: a client sends at most 63 consistency proof lines. */
export const MAX_PROOF_LINES = 63;

/** The Content-Type of a 409 answer: the witness's tree size and a newline. */
export const TREE_SIZE_CONTENT_TYPE = 'text/x.tlog.size';

/** A request body that does not follow c2sp.org/tlog-witness (the witness answers 400). */
export class WitnessProtocolError extends Error {
  override readonly name = 'WitnessProtocolError';
}

/** The body of `POST <submission prefix>/add-checkpoint`. */
export interface AddCheckpointRequest {
  /** The size of the checkpoint the client believes the witness last cosigned (0: none). */
  readonly oldSize: number;
  /** RFC 6962 §2.1.2 consistency proof from `oldSize` to the checkpoint's size. */
  readonly proof: readonly Uint8Array[];
  /** The signed checkpoint note. */
  readonly note: string;
}

const DECIMAL = /^(?:0|[1-9][0-9]*)$/;

function decimal(s: string): number | null {
  const n = Number(s);
  return DECIMAL.test(s) && isTreeSize(n) && String(n) === s ? n : null;
}

/**
 * "old <N>\n", one base64 hash per line, an empty line, then the checkpoint note
 * (c2sp.org/tlog-witness §add-checkpoint).
 */
export function formatAddCheckpoint(r: AddCheckpointRequest): string {
  if (r.proof.length > MAX_PROOF_LINES) throw new WitnessProtocolError('proof too long');
  const proof = r.proof.map((h) => `${toBase64(h)}\n`).join('');
  return `old ${String(r.oldSize)}\n${proof}\n${r.note}`;
}

/**
 * Parses an add-checkpoint body strictly: an old size line in decimal without leading zeros,
 * 0 to 63 lines of canonical base64 of a 32-byte hash, an empty line, and the rest as the
 * note (whose own checks come after). Throws {@link WitnessProtocolError}.
 */
export function parseAddCheckpoint(body: string): AddCheckpointRequest {
  const first = body.indexOf('\n');
  const oldLine = first < 0 ? body : body.slice(0, first);
  const oldSize = oldLine.startsWith('old ') ? decimal(oldLine.slice(4)) : null;
  if (oldSize === null) throw new WitnessProtocolError('the first line must be "old <size>"');
  const proof: Uint8Array[] = [];
  let at = first + 1;
  for (;;) {
    const end = body.indexOf('\n', at);
    if (end < 0) throw new WitnessProtocolError('no empty line before the checkpoint');
    const line = body.slice(at, end);
    at = end + 1;
    if (line === '') break;
    if (proof.length === MAX_PROOF_LINES) {
      throw new WitnessProtocolError(`more than ${MAX_PROOF_LINES} consistency proof lines`);
    }
    let hash: Uint8Array;
    try {
      hash = fromBase64(line);
    } catch {
      throw new WitnessProtocolError('a consistency proof line is not base64');
    }
    if (hash.length !== HASH_SIZE) throw new WitnessProtocolError('a proof hash is 32 bytes');
    proof.push(hash);
  }
  const note = body.slice(at);
  if (note === '') throw new WitnessProtocolError('no checkpoint after the empty line');
  return { oldSize, proof, note };
}

/** The body of a 409 answer: "<size>\n". */
export function formatTreeSize(size: number): string {
  return `${String(size)}\n`;
}

/** Reads a 409 answer's body; null when it is not "<size>\n". */
export function parseTreeSize(body: string): number | null {
  return body.endsWith('\n') ? decimal(body.slice(0, -1)) : null;
}

/**
 * The cosignature lines of a 200 answer: one or more note signature lines, each starting with
 * U+2014 and ending with a newline. Throws {@link WitnessProtocolError} otherwise.
 */
export function parseCosignatureLines(body: string): string[] {
  if (body === '' || !body.endsWith('\n')) {
    throw new WitnessProtocolError('expected signature lines ending with a newline');
  }
  const lines = body
    .slice(0, -1)
    .split('\n')
    .map((l) => `${l}\n`);
  if (!lines.every((l) => /^\u2014 \S+ \S+\n$/u.test(l))) {
    throw new WitnessProtocolError('a line of the answer is not a note signature line');
  }
  return lines;
}
