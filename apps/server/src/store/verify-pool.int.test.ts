import BetterSqlite3 from 'better-sqlite3';
import { perfectSubtrees, rootOfLeafHashes } from '@custody/ledger';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { hex } from './bytes.ts';
import { event, openKit, type StoreKit } from './store.test-kit.ts';
import type { LeafFacts } from './verify-leaf.ts';
import { verifyLog } from './verify-log.ts';
import { VerifyPool } from './verify-pool.ts';
import { sqliteExaminer, type Examine } from './verify-rows.ts';
import type { Segment } from './verify-leaf.ts';

const SIZE = 40;

/**
 * Facts with their bytes as hex, so that a Buffer and a Uint8Array of equal bytes compare
 * equal. A previous hash that is not 32 bytes crosses from a worker as an empty one: neither
 * can match a leaf hash, so the chain check says the same of both.
 */
function plain(f: LeafFacts) {
  const prev = f.prev === null ? null : f.prev.length === 32 ? hex(f.prev) : 'not 32 bytes';
  return { ...f, hash: hex(f.hash), prev };
}

/**
 * The log indexes the pool's batches cover, in the order it yields them (a segment's range or
 * each examined row's index); the pool is closed afterwards.
 */
async function indexesOf(
  pool: VerifyPool,
  ranges: number,
  examine: Examine,
  ready = false,
): Promise<number[]> {
  const indexes: number[] = [];
  try {
    if (ready) await pool.ready();
    for await (const batch of pool.batches(1, () => Promise.resolve(ranges), examine)) {
      const { segment: s } = batch;
      if (s === undefined) indexes.push(...batch.facts.map((f) => f.index));
      else for (let i = s.from; i < s.to; i++) indexes.push(i);
    }
  } finally {
    await pool.close();
  }
  return indexes;
}

describe('verification worker threads (SQLite)', () => {
  let kit: StoreKit;
  let file: string;
  let tombstones: Set<number>;

  beforeEach(async () => {
    kit = await openKit('sqlite');
    file = kit.database.url;
    for (let i = 0; i < SIZE; i++) {
      await kit.store.append(`record-${i % 5}`, 'any', [event('CellCheckRecorded', { n: i })]);
    }
    const erased = await kit.store.erasePayload(
      'record-1',
      6,
      event('PayloadErased', { reason: 'court order' }),
    );
    tombstones = new Set([erased.tombstone.logIndex]);
    await kit.store.close();
    const db = kit.database.db;
    const { rows } = await sql<{
      name: string;
    }>`SELECT name FROM sqlite_master WHERE type = 'trigger'`.execute(db);
    for (const r of rows) await sql.raw(`DROP TRIGGER ${r.name}`).execute(db);
    // A changed payload, leaf bytes, and a previous hash of the wrong length.
    await sql`UPDATE log_payloads SET payload = '{"n":999}' WHERE log_index = 7`.execute(db);
    await sql`UPDATE log_leaves SET leaf = CAST(replace(CAST(leaf AS TEXT), 'CellCheck', 'CellCheeck') AS BLOB) WHERE log_index = 9`.execute(
      db,
    );
    await sql`UPDATE log_leaves SET prev_hash = CAST(X'00' || prev_hash AS BLOB) WHERE log_index = 12`.execute(
      db,
    );
  });
  afterEach(async () => {
    await kit.close();
  });

  test('workers examine every row as this thread does; a clean batch comes as a segment', async () => {
    const raw = new BetterSqlite3(file, { readonly: true });
    const { facts: here } = await sqliteExaminer(raw, tombstones)(0, 1000);
    raw.close();
    expect(here).toHaveLength(SIZE + 1);
    expect(here.flatMap((f) => f.problems ?? []).map((p) => [p.logIndex, p.kind])).toEqual([
      [7, 'payload'],
      [9, 'leaf-hash'],
      [9, 'leaf-fields'],
      [12, 'leaf-fields'],
    ]);
    expect(here[SIZE]?.erased).toEqual({ logIndex: 6, leafHash: expect.any(String) });

    const pool = new VerifyPool(file, [...tombstones], 2);
    try {
      await pool.ready();
      const fromWorkers: LeafFacts[] = [];
      const segments: Segment[] = [];
      // No examiner here: the workers examine every batch.
      for await (const batch of pool.batches(3, () => Promise.resolve(SIZE + 1), null)) {
        if (batch.segment === undefined) fromWorkers.push(...batch.facts);
        else segments.push(batch.segment);
      }
      // Row by row: the batches with a problem (7, 9, 12), the erased payload (6) or the
      // tombstone (40); every other batch as a segment.
      const byRow = [2, 3, 4, 13];
      const batchOf = (i: number): number => Math.floor(i / 3);
      expect([...new Set(fromWorkers.map((f) => batchOf(f.index)))]).toEqual(byRow);
      expect(fromWorkers.map(plain)).toEqual(
        here.filter((f) => byRow.includes(batchOf(f.index))).map(plain),
      );
      expect(segments.map((s) => s.from)).toEqual(
        Array.from({ length: 14 }, (_, b) => 3 * b).filter((f) => !byRow.includes(batchOf(f))),
      );
      for (const s of segments) {
        const run = here.slice(s.from, s.to);
        expect(s.to - s.from).toBe(3);
        // The roots of the run's perfect subtrees (a batch of 3 from 3 is 3 + [4, 6) ...).
        expect(s.roots.map(hex)).toEqual(
          perfectSubtrees(s.from, s.to).map((p) => {
            const start = p.index * 2 ** p.level - s.from;
            const hashes = run.slice(start, start + 2 ** p.level).map((f) => f.hash);
            return hex(rootOfLeafHashes(hashes));
          }),
        );
        for (const f of run) expect(s.streamAt(f.index)).toBe(f.stream);
        const ids = [...new Set(run.map((f) => f.stream))];
        expect(
          s.streams.map((st) => ({ ...st, prev: st.prev && hex(st.prev), last: hex(st.last) })),
        ).toEqual(
          ids.map((id) => {
            const mine = run.filter((f) => f.stream === id);
            const [first, last] = [mine[0] as LeafFacts, mine.at(-1) as LeafFacts];
            return {
              id,
              index: first.index,
              version: first.version,
              prev: first.prev && hex(first.prev),
              lastVersion: last.version,
              last: hex(last.hash),
            };
          }),
        );
      }
    } finally {
      await pool.close();
    }
  });

  test('workers that start while this thread examines take over the batches still to come', async () => {
    const raw = new BetterSqlite3(file, { readonly: true });
    const examine = sqliteExaminer(raw, tombstones);
    let here = 0;
    const slowly: Examine = (from, to) => {
      here++;
      const until = Date.now() + 5;
      while (Date.now() < until); // a batch that takes this thread 5 ms
      return examine(from, to);
    };
    const ranges = 400;
    let indexes: number[];
    try {
      indexes = await indexesOf(new VerifyPool(file, [...tombstones], 2), ranges, slowly);
    } finally {
      raw.close();
    }
    expect(indexes).toEqual(Array.from({ length: SIZE + 1 }, (_, i) => i));
    expect(here).toBeGreaterThan(0);
    expect(here).toBeLessThan(ranges);
  });

  test('once a worker has started, this thread examines a share of the batches instead of waiting', async () => {
    const raw = new BetterSqlite3(file, { readonly: true });
    const examine = sqliteExaminer(raw, tombstones);
    const here: number[] = [];
    const counting: Examine = (from, to) => {
      here.push(from);
      return examine(from, to);
    };
    let indexes: number[];
    try {
      const pool = new VerifyPool(file, [...tombstones], 1);
      indexes = await indexesOf(pool, SIZE + 1, counting, true);
    } finally {
      raw.close();
    }
    // In log order whoever examined them; the worker took the first batches, this thread some
    // of those after them while the worker answered (it used to wait for every answer).
    expect(indexes).toEqual(Array.from({ length: SIZE + 1 }, (_, i) => i));
    expect(here.length).toBeGreaterThan(0);
    expect(here).not.toContain(0);
  });

  test('verification with workers reports what verification in one thread reports', async () => {
    const one = await verifyLog(kit.database, { verifiers: [kit.verifier], workers: 0 });
    const found = one.problems.map((p) => `${String(p.logIndex)} ${p.kind}`);
    expect(found.slice(0, 4)).toEqual(['7 payload', '9 leaf-hash', '9 leaf-fields', '9 node']);
    expect(found).toContain('12 leaf-fields');
    expect(found).toContain('12 stream-chain');
    // The erased payload at 6 is lawful: its tombstone names it.
    expect(found.filter((p) => p.startsWith('6 '))).toEqual([]);
    for (const batchSize of [1, 4, 1000]) {
      expect(
        await verifyLog(kit.database, { verifiers: [kit.verifier], workers: 3, batchSize }),
      ).toEqual(one);
    }
    // This thread and a worker share the batches, differently each time: the report is the same.
    for (let run = 0; run < 4; run++) {
      expect(
        await verifyLog(kit.database, { verifiers: [kit.verifier], workers: 1, batchSize: 1 }),
      ).toEqual(one);
    }
  });

  test('a worker that cannot open the database fails the verification', async () => {
    const pool = new VerifyPool(`${file}.absent`, [], 1);
    try {
      await expect(pool.ready()).rejects.toThrow();
    } finally {
      await pool.close();
    }
  });
});

/**
 * Workers check a clean batch alone as a segment (verify-segment.ts): its leaves, stream chains
 * and the stored nodes of its subtrees, sending one root per subtree; the verifying thread joins
 * the roots to the tree and checks the checkpoints inside the batch from the stored nodes.
 * Every drill is verified in one thread, by a worker that takes every batch and by a worker
 * sharing the batches with the verifying thread, in batches of 8 (one subtree each) and of 6
 * (subtrees of unequal size), and must report the same.
 */
describe('segments checked by worker threads (SQLite)', () => {
  const LEAVES = 64;
  const streamOf = (i: number): string => `record-${i % 5}`;
  let kit: StoreKit;

  beforeEach(async () => {
    kit = await openKit('sqlite');
    // One append each: a signed checkpoint at every size, most of them inside a batch.
    for (let i = 0; i < LEAVES; i++) {
      await kit.store.append(streamOf(i), 'any', [event('CellCheckRecorded', { n: i })]);
    }
    await kit.store.close();
    const db = kit.database.db;
    const { rows } = await sql<{
      name: string;
    }>`SELECT name FROM sqlite_master WHERE type = 'trigger'`.execute(db);
    for (const r of rows) await sql.raw(`DROP TRIGGER ${r.name}`).execute(db);
  });
  afterEach(async () => {
    await kit.close();
  });

  /**
   * The report of one thread, after checking that workers report the same with the same batch
   * size (after a deleted leaf node the tree lags behind the log, and which stored nodes a
   * batch reads decides whether a node is reported missing or different).
   */
  async function verified() {
    const reports = [];
    for (const batchSize of [8, 6]) {
      const opts = { verifiers: [kit.verifier], batchSize };
      const one = await verifyLog(kit.database, { ...opts, workers: 0 });
      expect(await verifyLog(kit.database, { ...opts, workers: 1, waitForWorkers: true })).toEqual(
        one,
      );
      // A worker and this thread sharing the batches.
      expect(await verifyLog(kit.database, { ...opts, workers: 1 })).toEqual(one);
      reports.push(one);
    }
    return reports[0] as Awaited<ReturnType<typeof verifyLog>>;
  }

  test('a clean log verifies, every checkpoint inside a batch included', async () => {
    const report = await verified();
    expect(report.ok).toBe(true);
    expect(report.checked.checkpoints).toBe(LEAVES);
  });

  test('a leaf rewritten with its leaf hash and stored leaf node is found by its subtree', async () => {
    const db = kit.database.db;
    const { rows } = await sql<{
      leaf: Uint8Array;
    }>`SELECT leaf FROM log_leaves WHERE log_index = 21`.execute(db);
    const forged = Buffer.from(
      Buffer.from(rows[0]?.leaf ?? [])
        .toString('utf8')
        .replace('"CellCheckRecorded"', '"CellCheckSkipped"'),
    );
    const { createHash } = await import('node:crypto');
    const h = createHash('sha256')
      .update(Buffer.from([0]))
      .update(forged)
      .digest();
    await sql`UPDATE log_leaves SET leaf = ${forged}, leaf_hash = ${h}, event_type = 'CellCheckSkipped' WHERE log_index = 21`.execute(
      db,
    );
    await sql`UPDATE log_nodes SET hash = ${h} WHERE level = 0 AND idx = 21`.execute(db);
    const report = await verified();
    expect(report.problems[0]).toMatchObject({
      logIndex: 21,
      streamId: streamOf(21),
      kind: 'node',
      message: 'tree node (1, 10) does not match the leaves',
    });
    // The next event of its record still names the original leaf.
    expect(report.problems.map((p) => `${String(p.logIndex)} ${p.kind}`)).toContain(
      '26 stream-chain',
    );
  });

  test('stored nodes of another length are each reported, even when their lengths add up', async () => {
    // One byte short and one byte long: the level's bytes have their usual length together.
    const db = kit.database.db;
    await sql`UPDATE log_nodes SET hash = substr(hash, 1, 31) WHERE level = 0 AND idx = 3`.execute(
      db,
    );
    await sql`UPDATE log_nodes SET hash = hash || X'00' WHERE level = 0 AND idx = 5`.execute(db);
    const report = await verified();
    expect(report.problems).toEqual(
      [3, 5].map((i) => ({
        logIndex: i,
        streamId: streamOf(i),
        kind: 'node',
        message: `tree node (0, ${i}) does not match the leaves`,
      })),
    );
  });

  test('a stored node above a batch, completed by joining its root, is checked', async () => {
    await sql`UPDATE log_nodes SET hash = ${Buffer.alloc(32, 7)} WHERE level = 4 AND idx = 0`.execute(
      kit.database.db,
    );
    const report = await verified();
    expect(report.problems).toEqual([
      {
        logIndex: 15,
        streamId: streamOf(15),
        kind: 'node',
        message: 'tree node (4, 0) does not match the leaves',
      },
    ]);
  });

  test('a deleted leaf and its stored node: the batches after it are checked row by row', async () => {
    const db = kit.database.db;
    await sql`DELETE FROM log_payloads WHERE log_index = 10`.execute(db);
    await sql`DELETE FROM log_leaves WHERE log_index = 10`.execute(db);
    await sql`DELETE FROM log_nodes WHERE level = 0 AND idx = 10`.execute(db);
    const report = await verified();
    // Its stored node is gone too, so nothing names its record (as in one thread).
    expect(report.problems[0]).toEqual({
      logIndex: 10,
      kind: 'leaf-missing',
      message: 'log index 10 is missing: an event was deleted',
    });
    expect(report.problems.filter((p) => p.kind === 'checkpoint-root').length).toBeGreaterThan(0);
  });

  test('a checkpoint inside a batch that disagrees with its note names the first leaf it would vouch for', async () => {
    await sql`UPDATE checkpoints SET root = ${Buffer.alloc(32, 1)} WHERE size = 20`.execute(
      kit.database.db,
    );
    const report = await verified();
    expect(report.problems).toEqual([
      {
        logIndex: 19,
        streamId: streamOf(19),
        kind: 'checkpoint-row',
        message: 'checkpoint 20: the row disagrees with its signed note',
      },
    ]);
  });
});
