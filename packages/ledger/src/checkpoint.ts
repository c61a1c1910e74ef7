import { fromBase64, toBase64 } from './bytes.ts';
import { HASH_SIZE } from './hash.ts';
import { isTreeSize } from './tree-math.ts';

/** The body of a c2sp.org/tlog-checkpoint: origin, tree size, root hash, extension lines. */
export interface Checkpoint {
  origin: string;
  size: number;
  root: Uint8Array;
  extensions: string[];
}

const DECIMAL = /^(?:0|[1-9][0-9]*)$/;

function isValidLine(line: string): boolean {
  return line !== '' && !/[\p{Cc}\p{Cs}]/u.test(line);
}

function check(c: Checkpoint): void {
  if (!isValidLine(c.origin)) throw new TypeError('checkpoint origin must be a non-empty line');
  if (!isTreeSize(c.size)) throw new TypeError('checkpoint size must be an integer in [0, 2^53]');
  if (c.root.length !== HASH_SIZE) throw new TypeError('checkpoint root must be 32 bytes');
  if (!c.extensions.every(isValidLine)) {
    throw new TypeError('checkpoint extension lines must be non-empty');
  }
}

/** c2sp.org/tlog-checkpoint: "<origin>\n<size>\n<base64 root>\n" followed by extension lines. */
export function formatCheckpoint(c: Checkpoint): string {
  check(c);
  return [c.origin, String(c.size), toBase64(c.root), ...c.extensions]
    .map((l) => `${l}\n`)
    .join('');
}

/**
 * Parses a c2sp.org/tlog-checkpoint body strictly: decimal size without leading zeros and at
 * most 2^53, canonical base64 of exactly 32 bytes, non-empty origin and extension lines, final
 * newline. Throws TypeError.
 */
export function parseCheckpoint(text: string): Checkpoint {
  if (!text.endsWith('\n')) throw new TypeError('checkpoint must end with a newline');
  const [origin = '', sizeLine = '', rootLine = '', ...extensions] = text.slice(0, -1).split('\n');
  const size = Number(sizeLine);
  if (!DECIMAL.test(sizeLine) || String(size) !== sizeLine) {
    throw new TypeError('malformed checkpoint size (or not an exact number up to 2^53)');
  }
  let root: Uint8Array;
  try {
    root = fromBase64(rootLine);
  } catch {
    throw new TypeError('malformed checkpoint root');
  }
  const c: Checkpoint = { origin, size, root, extensions };
  check(c);
  return c;
}
