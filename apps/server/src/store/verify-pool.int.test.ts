import BetterSqlite3 from 'better-sqlite3';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { hex } from './bytes.ts';
import { event, openKit, type StoreKit } from './store.test-kit.ts';
import type { LeafFacts } from './verify-leaf.ts';
import { verifyLog } from './verify-log.ts';
import { VerifyPool } from './verify-pool.ts';
import { sqliteExaminer, type Examine } from './verify-rows.ts';

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

  test('workers examine every row as this thread does, facts and problems alike', async () => {
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
      const notHere = (): never => {
        throw new Error('a batch was left to the verifying thread');
      };
      for await (const batch of pool.batches(3, () => Promise.resolve(SIZE + 1), notHere)) {
        fromWorkers.push(...batch.facts);
      }
      expect(fromWorkers.map(plain)).toEqual(here.map(plain));
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
    const pool = new VerifyPool(file, [...tombstones], 2);
    const facts: LeafFacts[] = [];
    const ranges = 400;
    try {
      for await (const batch of pool.batches(1, () => Promise.resolve(ranges), slowly)) {
        facts.push(...batch.facts);
      }
    } finally {
      await pool.close();
      raw.close();
    }
    expect(facts.map((f) => f.index)).toEqual(Array.from({ length: SIZE + 1 }, (_, i) => i));
    expect(here).toBeGreaterThan(0);
    expect(here).toBeLessThan(ranges);
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
