/**
 * The signed extract statement of apps/server/src/documents/extract-statement.ts, parsed in the
 * browser by the same rules (README of the documents feature, "The extract statement"): within the
 * first `treeSize` leaves of the log (root `root`), the record's stream held exactly `entries`
 * entries, the last at `lastIndex` with leaf hash `lastLeafHash`.
 */
export interface ExtractStatement {
  readonly origin: string;
  readonly recordId: string;
  readonly entries: number;
  readonly lastIndex: number;
  /** Hex leaf hash of the record's last entry. */
  readonly lastLeafHash: string;
  readonly treeSize: number;
  /** Hex root hash of the checkpoint of `treeSize` leaves. */
  readonly root: string;
}

export const STATEMENT_HEADER = 'custody-extract-statement/1';

const KEYS = [
  'origin',
  'record',
  'entries',
  'last-index',
  'last-leaf-hash',
  'tree-size',
  'root',
] as const;
const DECIMAL = /^(?:0|[1-9][0-9]*)$/;
const HEX32 = /^[0-9a-f]{64}$/;

function isValue(s: string): boolean {
  return s !== '' && s.trim() === s && !/[\p{Cc}\p{Cs}\u0085\u2028\u2029]/u.test(s);
}

function decimal(key: string, s: string): number {
  const n = Number(s);
  if (!DECIMAL.test(s) || !Number.isSafeInteger(n)) throw new TypeError(`${key}: not a decimal`);
  return n;
}

/**
 * Parses the statement text strictly: the exact header line, then exactly `origin`, `record`,
 * `entries`, `last-index`, `last-leaf-hash`, `tree-size`, `root`, each as `<key> <value>` on its
 * own line ending in a newline; decimals without leading zeros, lower-case hex hashes; at least
 * one entry, the last below the tree size and no more entries than leaves up to it. Throws.
 */
export function parseExtractStatement(text: string): ExtractStatement {
  if (!text.endsWith('\n')) throw new TypeError('statement must end with a newline');
  const [header, ...lines] = text.slice(0, -1).split('\n');
  if (header !== STATEMENT_HEADER) throw new TypeError('not an extract statement');
  if (lines.length !== KEYS.length) throw new TypeError('wrong number of statement fields');
  const values = KEYS.map((key, i) => {
    const line = lines[i] ?? '';
    const value = line.slice(key.length + 1);
    if (!line.startsWith(`${key} `) || !isValue(value)) throw new TypeError(`malformed ${key}`);
    return value;
  });
  const [origin = '', recordId = '', entries = '', last = '', lastLeafHash = '', size = ''] =
    values;
  const root = values[6] ?? '';
  const s: ExtractStatement = {
    origin,
    recordId,
    entries: decimal('entries', entries),
    lastIndex: decimal('last-index', last),
    lastLeafHash,
    treeSize: decimal('tree-size', size),
    root,
  };
  if (!HEX32.test(lastLeafHash) || !HEX32.test(root)) throw new TypeError('malformed hash');
  if (s.entries < 1 || s.lastIndex >= s.treeSize || s.entries > s.lastIndex + 1) {
    throw new TypeError('inconsistent statement numbers');
  }
  return s;
}
