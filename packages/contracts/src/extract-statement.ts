/**
 * The signed extract statement of a record extract (apps/server/src/documents/README.md, "The
 * extract statement"): its text format, written by the server and read by the offline and the
 * browser verifiers alike, so both apply exactly the same rules.
 */

/**
 * First line of a signed extract statement. A statement can never be read as a checkpoint (its
 * second line is `origin …`, never a decimal tree size), and a checkpoint can never be read as a
 * statement (its second line is a tree size, never `origin …`), so one key can sign both.
 */
export const STATEMENT_HEADER = 'custody-extract-statement/1';

/**
 * What the log's key states about one record when an extract is made: within the first
 * `treeSize` leaves of the log (the checkpoint with root `root`), the record's stream held
 * exactly `entries` entries (stream versions 1..entries), the last one at log index `lastIndex`
 * with leaf hash `lastLeafHash`. Withheld entries count: they are leaves like any other.
 */
export interface ExtractStatement {
  readonly origin: string;
  readonly recordId: string;
  readonly entries: number;
  readonly lastIndex: number;
  /** Hex RFC 9162 §2.1.1 leaf hash of the record's last entry. */
  readonly lastLeafHash: string;
  readonly treeSize: number;
  /** Hex root hash of the checkpoint of `treeSize` leaves. */
  readonly root: string;
}

/** A statement text that does not follow the format exactly. */
export class StatementFormatError extends TypeError {
  override readonly name = 'StatementFormatError';
}

/** The lines after the header, in this order, each `<key> <value>`. */
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

/** A value: non-empty, one line, no control characters, no surrounding white space. */
function isValue(s: string): boolean {
  return s !== '' && s.trim() === s && !/[\p{Cc}\p{Cs}\u0085\u2028\u2029]/u.test(s);
}

function decimal(key: string, s: string): number {
  const n = Number(s);
  if (!DECIMAL.test(s) || !Number.isSafeInteger(n)) {
    throw new StatementFormatError(`${key}: expected a decimal integer without leading zeros`);
  }
  return n;
}

function check(s: ExtractStatement): void {
  if (!isValue(s.origin)) throw new StatementFormatError('origin: expected one non-empty line');
  if (!isValue(s.recordId)) throw new StatementFormatError('record: expected one non-empty line');
  for (const [key, n] of [
    ['entries', s.entries],
    ['last-index', s.lastIndex],
    ['tree-size', s.treeSize],
  ] as const) {
    if (!Number.isSafeInteger(n) || n < 0) {
      throw new StatementFormatError(`${key}: expected a non-negative integer`);
    }
  }
  if (s.entries < 1) throw new StatementFormatError('entries: a record has at least one entry');
  if (s.lastIndex >= s.treeSize) {
    throw new StatementFormatError('last-index: must be below tree-size');
  }
  if (s.entries > s.lastIndex + 1) {
    throw new StatementFormatError('entries: more than the leaves up to last-index');
  }
  if (!HEX32.test(s.lastLeafHash)) {
    throw new StatementFormatError('last-leaf-hash: expected 64 lower-case hex digits');
  }
  if (!HEX32.test(s.root))
    throw new StatementFormatError('root: expected 64 lower-case hex digits');
}

/**
 * The statement text (README "The extract statement"): the header line, then one `<key> <value>`
 * line per field in a fixed order, each ending in a newline, nothing else. Throws
 * {@link StatementFormatError} for a field that cannot be written so.
 */
export function formatExtractStatement(s: ExtractStatement): string {
  check(s);
  const values = [
    s.origin,
    s.recordId,
    String(s.entries),
    String(s.lastIndex),
    s.lastLeafHash,
    String(s.treeSize),
    s.root,
  ];
  return [STATEMENT_HEADER, ...KEYS.map((k, i) => `${k} ${values[i] ?? ''}`)]
    .map((l) => `${l}\n`)
    .join('');
}

/**
 * Parses a statement text strictly: the exact header, exactly the seven fields in order, one
 * space after each key, decimal numbers without leading zeros, lower-case hex hashes, a final
 * newline and nothing after it; the parsed statement must format back to the same text.
 * Throws {@link StatementFormatError}.
 */
export function parseExtractStatement(text: string): ExtractStatement {
  if (!text.endsWith('\n')) throw new StatementFormatError('statement must end with a newline');
  const [header, ...lines] = text.slice(0, -1).split('\n');
  if (header !== STATEMENT_HEADER) {
    throw new StatementFormatError(`first line must be ${STATEMENT_HEADER}`);
  }
  if (lines.length !== KEYS.length) {
    throw new StatementFormatError(`expected ${KEYS.length} fields after the header`);
  }
  const values = KEYS.map((key, i) => {
    const line = lines[i] ?? '';
    if (!line.startsWith(`${key} `))
      throw new StatementFormatError(`line ${i + 2}: expected ${key}`);
    const value = line.slice(key.length + 1);
    if (!isValue(value)) throw new StatementFormatError(`${key}: malformed value`);
    return value;
  });
  const [origin = '', recordId = '', entries = '', lastIndex = '', lastLeafHash = '', size = ''] =
    values;
  const statement: ExtractStatement = {
    origin,
    recordId,
    entries: decimal('entries', entries),
    lastIndex: decimal('last-index', lastIndex),
    lastLeafHash,
    treeSize: decimal('tree-size', size),
    root: values[6] ?? '',
  };
  if (formatExtractStatement(statement) !== text) {
    throw new StatementFormatError('statement is not in canonical form');
  }
  return statement;
}
