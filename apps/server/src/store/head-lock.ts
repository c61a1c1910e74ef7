import { CompiledQuery } from 'kysely';
import type { DialectName } from '../db/database.ts';
import { sameBytes } from './bytes.ts';
import { int } from './schema.ts';
import type { Sql } from './transaction.ts';

/** The current version and last leaf hash of a stream (version 0: the stream is new). */
export interface StreamHead {
  version: number;
  last: Uint8Array | null;
}

export interface LockedHead {
  size: number;
  root: Uint8Array;
  streams: Map<string, StreamHead>;
}

interface HeadRow {
  size: number | string;
  root: Uint8Array;
  seen: number | string | null;
  stream_id: string | null;
  stream_version: number | null;
  leaf_hash: Uint8Array | null;
}

interface StreamRow {
  stream_id: string;
  stream_version: number;
  leaf_hash: Uint8Array;
}

/**
 * The newest leaf of each listed stream: one index seek per stream, constant SQL text. On
 * PostgreSQL a LATERAL top-1 in index order, which any plan (a prepared statement's generic one
 * too, whatever the statistics say of stream sizes) answers with one backward index scan.
 */
const STREAMS_SQLITE = `SELECT l.stream_id, l.stream_version, l.leaf_hash FROM json_each(?) s
  JOIN log_leaves l ON l.stream_id = s.value AND l.stream_version =
    (SELECT max(m.stream_version) FROM log_leaves m WHERE m.stream_id = s.value)`;
const STREAMS_PG = `SELECT l.stream_id, l.stream_version, l.leaf_hash FROM unnest($1::text[]) s(id)
  CROSS JOIN LATERAL (SELECT m.stream_id, m.stream_version, m.leaf_hash FROM log_leaves m
    WHERE m.stream_id = s.id ORDER BY m.stream_id DESC, m.stream_version DESC LIMIT 1) l`;

/**
 * PostgreSQL: lock the head and read the streams in one round trip. The stream rows come from
 * the statement's snapshot, the locked head from the newest committed version; `seen` (the head
 * in that snapshot) tells whether they agree. Every commit that adds a leaf moves the head, so
 * when `seen` equals the locked size the snapshot already holds every committed leaf.
 */
const LOCK_PG = `WITH h AS (SELECT size, root FROM log_head WHERE id = 1 FOR UPDATE)
  SELECT h.size, h.root, (SELECT size FROM log_head WHERE id = 1) AS seen,
    s.stream_id, s.stream_version, s.leaf_hash
  FROM h LEFT JOIN (${STREAMS_PG}) s ON true`;
const HEAD_SQLITE = 'SELECT size, root FROM log_head WHERE id = 1';
/** PostgreSQL, no lock: the head and the streams from one statement, hence one snapshot. */
const READ_PG = `SELECT h.size, h.root, h.size AS seen, s.stream_id, s.stream_version, s.leaf_hash
  FROM (SELECT size, root FROM log_head WHERE id = 1) h LEFT JOIN (${STREAMS_PG}) s ON true`;

function streamQuery(dialect: DialectName, ids: readonly string[]): CompiledQuery {
  return dialect === 'sqlite'
    ? CompiledQuery.raw(STREAMS_SQLITE, [JSON.stringify(ids)])
    : CompiledQuery.raw(STREAMS_PG, [[...ids]]);
}

/** Every listed stream's head: its newest leaf among `rows`, version 0 if it has none. */
function headsOf(
  ids: readonly string[],
  rows: readonly Pick<HeadRow, 'stream_id' | 'stream_version' | 'leaf_hash'>[],
): Map<string, StreamHead> {
  const heads = new Map<string, StreamHead>(ids.map((s) => [s, { version: 0, last: null }]));
  for (const r of rows) {
    if (r.stream_id === null || r.stream_version === null) continue;
    heads.set(r.stream_id, { version: r.stream_version, last: r.leaf_hash });
  }
  return heads;
}

async function readStreams(
  db: Sql,
  dialect: DialectName,
  ids: readonly string[],
): Promise<Map<string, StreamHead>> {
  if (ids.length === 0) return headsOf(ids, []);
  const { rows } = await db.executeQuery<StreamRow>(streamQuery(dialect, ids));
  return headsOf(ids, rows);
}

/** Stream tips a process remembers, true while the head is still at `size` and `root`. */
export interface KnownTips {
  size: number;
  root: Uint8Array;
  tips: ReadonlyMap<string, StreamHead>;
}

/**
 * SQLite: the listed streams' heads, from `known` for the streams it holds if the head has not
 * moved since (every commit, an erasure's too, moves it), the others read in one query.
 */
async function sqliteStreams(
  db: Sql,
  ids: readonly string[],
  size: number,
  root: Uint8Array,
  known: KnownTips | null,
): Promise<Map<string, StreamHead>> {
  if (known === null || known.size !== size || !sameBytes(known.root, root)) {
    return readStreams(db, 'sqlite', ids);
  }
  const unknown = ids.filter((id) => !known.tips.has(id));
  const heads = await readStreams(db, 'sqlite', unknown);
  for (const id of ids) {
    const tip = known.tips.get(id);
    if (tip !== undefined) heads.set(id, tip);
  }
  return heads;
}

/**
 * Takes the log's write lock inside the open transaction and reads, after it, the head and the
 * newest leaf of each stream (integrity.md, "Gap-free index"). SQLite holds the lock since
 * BEGIN IMMEDIATE and takes the tips this process remembers (`known`) when the head is where it
 * left it; PostgreSQL locks the head row FOR UPDATE and reads every stream.
 */
export async function lockHead(
  db: Sql,
  dialect: DialectName,
  ids: readonly string[],
  known: KnownTips | null = null,
): Promise<LockedHead> {
  if (dialect === 'sqlite') {
    const { rows } = await db.executeQuery<HeadRow>(CompiledQuery.raw(HEAD_SQLITE));
    const head = rows[0];
    if (head === undefined) throw new Error('log_head is missing: run the store migrations first');
    const size = int(head.size);
    return { size, root: head.root, streams: await sqliteStreams(db, ids, size, head.root, known) };
  }
  return pgHead(db, ids, LOCK_PG);
}

/**
 * PostgreSQL: the head and the newest leaf of each stream as of one snapshot, without a lock.
 * The optimistic commit writes only if the head has not moved since (see `commitBatch`).
 */
export function readHead(db: Sql, ids: readonly string[]): Promise<LockedHead> {
  return pgHead(db, ids, READ_PG);
}

async function pgHead(db: Sql, ids: readonly string[], text: string): Promise<LockedHead> {
  const { rows } = await db.executeQuery<HeadRow>(CompiledQuery.raw(text, [[...ids]]));
  const head = rows[0];
  if (head === undefined) throw new Error('log_head is missing: run the store migrations first');
  const size = int(head.size);
  if (head.seen === null || int(head.seen) !== size) {
    return { size, root: head.root, streams: await readStreams(db, 'postgres', ids) };
  }
  return { size, root: head.root, streams: headsOf(ids, rows) };
}
