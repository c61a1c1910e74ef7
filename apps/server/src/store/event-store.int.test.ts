import { CompiledQuery, sql } from 'kysely';
import {
  fromBase64,
  fromHex,
  openNote,
  parseCheckpoint,
  verifyConsistency,
  verifyInclusion,
} from '@custody/ledger';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { DIALECTS } from '../../test/databases.ts';
import { ErasureError } from './plan-batch.ts';
import { signerFromSkey } from '@custody/ledger';
import { openDatabase } from '../db/database.ts';
import { createEventStore } from './event-store.ts';
import { sealPayload } from './leaf.ts';
import { commitBatch } from './write-batch.ts';
import { event, openKit, ORIGIN, type StoreKit } from './store.test-kit.ts';
import {
  VersionConflictError,
  type EventStore,
  type Receipt,
  type StoredEvent,
  type StreamEvent,
} from './types.ts';
import { verifyLog } from './verify-log.ts';

/**
 * The kit's store closed and a new one opened on its database, as a restarted process would;
 * its first commit (to a new stream) teaches it the head, and nothing of the streams before.
 */
async function restarted(kit: StoreKit): Promise<EventStore> {
  await kit.store.close();
  const store = await createEventStore({
    database: kit.database,
    signer: signerFromSkey(kit.skey),
    origin: ORIGIN,
  });
  await store.append('fresh', 0, [event()]);
  return store;
}

function checkReceipt(kit: StoreKit, r: Receipt): void {
  const cp = parseCheckpoint(openNote(r.checkpoint, [kit.verifier]).text);
  expect(cp.size).toBe(r.treeSize);
  const proof = r.inclusionProof.map(fromBase64);
  expect(verifyInclusion(r.logIndex, r.treeSize, fromHex(r.leafHash), proof, cp.root)).toBe(true);
}

describe.each(DIALECTS)('event store contract on %s', (dialect) => {
  let kit: StoreKit;
  beforeEach(async () => {
    kit = await openKit(dialect);
  });
  afterEach(async () => {
    await kit.close();
  });

  test('appends, reads back and chains a stream', async () => {
    const first = await kit.store.append('rec-1', 0, [
      event('DetentionRecorded', { place: 'Київ' }),
    ]);
    const second = await kit.store.append('rec-1', 1, [event(), event()]);
    expect(first.events.map((e) => e.logIndex)).toEqual([0]);
    expect(second.events.map((e) => [e.logIndex, e.streamVersion])).toEqual([
      [1, 2],
      [2, 3],
    ]);
    const read = await kit.store.readStream('rec-1');
    expect(read).toEqual([...first.events, ...second.events]);
    expect(read[0]?.prevStreamLeafHash).toBeNull();
    expect(read[1]?.prevStreamLeafHash).toBe(read[0]?.leafHash);
    expect(read[2]?.prevStreamLeafHash).toBe(read[1]?.leafHash);
    expect(read[0]?.payload).toEqual({ place: 'Київ' });
    expect(await kit.store.readStream('rec-1', 3)).toEqual([read[2]]);
    expect(await kit.store.streamVersion('rec-1')).toBe(3);
    expect(await kit.store.streamVersion('nobody')).toBe(0);
    expect((await kit.store.readLog(1, 1)).map((e) => e.logIndex)).toEqual([1]);
  });

  test('readEvents: the events of readStream without the fields only proofs need', async () => {
    const { events } = await kit.store.append('rec-1', 0, [
      event('HealthRecorded', { injury: 'arm' }),
      { ...event('DetentionRecorded', { place: 'Київ' }), occurredOffset: '+02:00' },
    ]);
    await kit.store.append('rec-2', 0, [event()]);
    await kit.store.append('rec-1', 2, [event('CellCheckRecorded', { cell: 'K-1', n: [1, 2.5] })]);
    await kit.store.erasePayload('rec-1', events[0]?.logIndex ?? -1, event('PayloadErased', {}));
    const withoutProofs = (e: StoredEvent): StreamEvent => {
      const { leafHash, prevStreamLeafHash, payloadCommitment, ...rest } = e;
      expect([leafHash, payloadCommitment]).not.toContain(undefined);
      expect(prevStreamLeafHash).not.toBe(undefined);
      return rest;
    };
    for (const from of [1, 2, 4, 5]) {
      const full = await kit.store.readStream('rec-1', from);
      const lean = await kit.store.readEvents('rec-1', from);
      expect(lean).toStrictEqual(full.map(withoutProofs));
      expect(lean).toHaveLength(5 - from);
    }
    const all = await kit.store.readEvents('rec-1');
    expect(all.map((e) => [e.logIndex, e.streamVersion, e.type])).toEqual([
      [0, 1, 'HealthRecorded'],
      [1, 2, 'DetentionRecorded'],
      [3, 3, 'CellCheckRecorded'],
      [4, 4, 'PayloadErased'],
    ]);
    expect(all[0]?.payload).toBeNull();
    expect(all[1]).toMatchObject({ occurredOffset: '+02:00', payload: { place: 'Київ' } });
    expect(all[2]?.payload).toEqual({ cell: 'K-1', n: [1, 2.5] });
    expect(await kit.store.readEvents('nobody')).toEqual([]);
    expect(await kit.store.readEvents('rec-2')).toStrictEqual(
      (await kit.store.readStream('rec-2')).map(withoutProofs),
    );
  });

  test('both stream reads see committed events only, never an open transaction', async () => {
    await kit.store.append('rec-1', 0, [event()]);
    const [a, b] = dialect === 'sqlite' ? ['?', '?'] : ['$1', '$2'];
    const reads: Promise<unknown[]>[] = [];
    const rolledBack = await kit.store
      .withLogLocked(async (log) => {
        // A leaf of rec-1 written in this transaction and never committed.
        await log.executeQuery(
          CompiledQuery.raw(
            `INSERT INTO log_leaves (log_index, stream_id, stream_version, event_id, event_type,
              occurred_at, recorded_at, actor_id, actor_role, commitment, leaf, leaf_hash)
              VALUES (1, 'rec-1', 2, 'uncommitted', 'X', 't', 't', 'a', 'r', 'c', ${a}, ${b})`,
            [Buffer.alloc(1), Buffer.alloc(32)],
          ),
        );
        reads.push(kit.store.readEvents('rec-1'), kit.store.readStream('rec-1'));
        // SQLite: the reads wait for the connection; PostgreSQL: they read another snapshot.
        await new Promise((resolve) => setTimeout(resolve, 50));
        throw new Error('roll back');
      })
      .catch((e: unknown) => e);
    expect(rolledBack).toMatchObject({ message: 'roll back' });
    for (const read of await Promise.all(reads)) expect(read).toHaveLength(1);
  });

  test('a stale expected version conflicts and stores nothing', async () => {
    await kit.store.append('rec-1', 0, [event()]);
    const before = await kit.store.latestCheckpoint();
    const err = await kit.store.append('rec-1', 0, [event()]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VersionConflictError);
    expect(err).toMatchObject({ streamId: 'rec-1', expected: 0, actual: 1 });
    expect(await kit.store.readLog(0, 10)).toHaveLength(1);
    expect(await kit.store.latestCheckpoint()).toEqual(before);
    await expect(kit.store.append('rec-2', 5, [event()])).rejects.toBeInstanceOf(
      VersionConflictError,
    );
    const any = await kit.store.append('rec-1', 'any', [event()]);
    expect(any.events[0]?.streamVersion).toBe(2);
  });

  test('receipts verify against their checkpoint; consistency proofs link checkpoints', async () => {
    const receipts: Receipt[] = [];
    const sizes: { size: number; root: string }[] = [];
    for (let i = 0; i < 13; i++) {
      const r = await kit.store.append(
        `rec-${i % 3}`,
        'any',
        [event(), event()].slice(0, 1 + (i % 2)),
      );
      receipts.push(...r.receipts);
      const cp = await kit.store.latestCheckpoint();
      if (cp) sizes.push({ size: cp.size, root: cp.root });
    }
    for (const r of receipts) checkReceipt(kit, r);
    for (let i = 0; i < receipts.length; i++) checkReceipt(kit, await kit.store.receipt(i));
    for (const a of sizes) {
      for (const b of sizes.filter((s) => s.size >= a.size)) {
        const proof = (await kit.store.consistencyProof(a.size, b.size)).map(fromBase64);
        expect(verifyConsistency(a.size, b.size, fromHex(a.root), fromHex(b.root), proof)).toBe(
          true,
        );
      }
    }
    const bad = receipts[3];
    expect(bad).toBeDefined();
    if (bad) {
      const flipped = { ...bad, leafHash: receipts[4]?.leafHash ?? '' };
      expect(() => {
        checkReceipt(kit, flipped);
      }).toThrow();
    }
    await expect(kit.store.inclusionProof(5, 10_000)).rejects.toBeInstanceOf(RangeError);
  });

  test('group commit: parallel appenders get gap-free indexes, one chain, every answer', async () => {
    const many = Array.from({ length: 40 }, (_, i) =>
      kit.store.append(`stream-${i % 8}`, 'any', [event(), event()]),
    );
    const racing = Array.from({ length: 20 }, () => kit.store.append('hot', 0, [event()]));
    const results = await Promise.allSettled([...many, ...racing]);
    const ok = results.filter((r) => r.status === 'fulfilled');
    const conflicts = results.filter(
      (r) => r.status === 'rejected' && r.reason instanceof VersionConflictError,
    );
    expect(ok).toHaveLength(41);
    expect(conflicts).toHaveLength(19);
    const log = await kit.store.readLog(0, 1000);
    expect(log.map((e) => e.logIndex)).toEqual(Array.from({ length: 81 }, (_, i) => i));
    for (const r of ok) for (const receipt of r.value.receipts) checkReceipt(kit, receipt);
    for (let s = 0; s < 8; s++) {
      const stream = await kit.store.readStream(`stream-${s}`);
      expect(stream.map((e) => e.streamVersion)).toEqual(
        Array.from({ length: 10 }, (_, i) => i + 1),
      );
    }
    const cps = await kit.database.db
      .withTables<{ checkpoints: { size: number } }>()
      .selectFrom('checkpoints')
      .select('size')
      .execute();
    expect(cps.length).toBeLessThan(41);
    const report = await verifyLog(kit.database, { verifiers: [kit.verifier] });
    expect(report).toMatchObject({ ok: true, size: 81, problems: [] });
    expect(report.checked.checkpoints).toBe(cps.length);
  });

  test('several processes on one database: interleaved appends stay gap-free, chained and verifiable', async () => {
    // Each store has its own connection(s), as separate server processes would: on PostgreSQL
    // their optimistic commits race on the head and the losers plan again; on SQLite they
    // queue on BEGIN IMMEDIATE. Every answer must still be right.
    const others = [openDatabase(kit.database.url), openDatabase(kit.database.url)];
    try {
      const signer = signerFromSkey(kit.skey);
      const stores = [
        kit.store,
        ...(await Promise.all(
          others.map((database) => createEventStore({ database, signer, origin: ORIGIN })),
        )),
      ];
      const appends = stores.flatMap((store, s) => [
        ...Array.from({ length: 12 }, async (_, i) => {
          const own = await store.append(`own-${s}-${i % 3}`, 'any', [event(), event()]);
          const hot = await store.append('hot', 'any', [event()]);
          return [...own.receipts, ...hot.receipts];
        }),
        ...Array.from({ length: 4 }, () => store.append('first', 0, [event()])),
      ]);
      const results = await Promise.allSettled(appends);
      const failed = results.filter((r) => r.status === 'rejected');
      expect(failed.map((r) => (r.reason as Error).name)).toEqual(
        Array(11).fill('VersionConflictError'),
      );
      for (const r of results) {
        if (r.status !== 'fulfilled') continue;
        const receipts = Array.isArray(r.value) ? r.value : r.value.receipts;
        for (const receipt of receipts) checkReceipt(kit, receipt);
      }
      const size = 3 * 12 * 3 + 1;
      const log = await kit.store.readLog(0, 1000);
      expect(log.map((e) => e.logIndex)).toEqual(Array.from({ length: size }, (_, i) => i));
      const hot = await kit.store.readStream('hot');
      expect(hot.map((e) => e.streamVersion)).toEqual(Array.from({ length: 36 }, (_, i) => i + 1));
      for (const store of stores.slice(1)) await store.close();
      const report = await verifyLog(kit.database, { verifiers: [kit.verifier] });
      expect(report).toMatchObject({ ok: true, size, problems: [] });
    } finally {
      for (const database of others) await database.close();
    }
  });

  test('a restarted process appends to streams it never saw with the right version and chain', async () => {
    const before = await kit.store.append('old', 0, [event(), event()]);
    // A new process: it knows nothing of `old`; its first commit (to a new stream) teaches it
    // the head, and the next appends to `old` must still find the stream's true tip.
    const store = await restarted(kit);
    await expect(store.append('old', 0, [event()])).rejects.toBeInstanceOf(VersionConflictError);
    const next = await store.append('old', 2, [event()]);
    expect(next.events[0]).toMatchObject({ streamVersion: 3, logIndex: 3 });
    expect(next.events[0]?.prevStreamLeafHash).toBe(before.events[1]?.leafHash);
    await expect(store.append('old', 2, [event()])).rejects.toBeInstanceOf(VersionConflictError);
    await store.close();
    const report = await verifyLog(kit.database, { verifiers: [kit.verifier] });
    expect(report).toMatchObject({ ok: true, size: 4, problems: [] });
  });

  test('a bad request in a group fails alone', async () => {
    const dup = event();
    const results = await Promise.allSettled([
      kit.store.append('a', 0, [event()]),
      kit.store.append('b', 0, [dup]),
      kit.store.append('c', 0, [dup]),
      kit.store.append('d', 0, [event()]),
    ]);
    expect(results.map((r) => r.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'rejected',
      'fulfilled',
    ]);
    expect((await kit.store.readLog(0, 10)).map((e) => e.logIndex)).toEqual([0, 1, 2]);
    expect((await verifyLog(kit.database, { verifiers: [kit.verifier] })).ok).toBe(true);
  });

  test('lawful erasure removes the payload, keeps the tree, and verifies', async () => {
    const { events } = await kit.store.append('rec-1', 0, [
      event('HealthRecorded', { injury: 'arm' }),
      event(),
    ]);
    const target = events[0]?.logIndex ?? -1;
    const erased = await kit.store.erasePayload(
      'rec-1',
      target,
      event('PayloadErased', { reason: 'court order' }),
    );
    expect(erased.tombstone.payload).toEqual({
      reason: 'court order',
      erased: { logIndex: target, leafHash: events[0]?.leafHash },
    });
    checkReceipt(kit, erased.receipt);
    const read = await kit.store.readStream('rec-1');
    expect(read[0]?.payload).toBeNull();
    expect(read[0]?.payloadCommitment).toBe(events[0]?.payloadCommitment);
    expect(read[1]?.payload).toEqual({ ok: true });
    await expect(
      kit.store.erasePayload('rec-1', target, event('PayloadErased', {})),
    ).rejects.toBeInstanceOf(ErasureError);
    await expect(
      kit.store.erasePayload('rec-2', 1, event('PayloadErased', {})),
    ).rejects.toBeInstanceOf(ErasureError);
    expect(await verifyLog(kit.database, { verifiers: [kit.verifier] })).toMatchObject({
      ok: true,
      size: 3,
    });
  });

  test('database guards refuse UPDATE and DELETE', async () => {
    await kit.store.append('rec-1', 0, [event()]);
    await kit.store.append('rec-1', 1, [event()]);
    const db = kit.database.db;
    const attempts = [
      sql`UPDATE log_leaves SET event_type = 'x'`,
      sql`DELETE FROM log_leaves WHERE log_index = 1`,
      sql`UPDATE log_nodes SET level = level`,
      sql`DELETE FROM log_nodes`,
      sql`UPDATE checkpoints SET note = 'x'`,
      sql`DELETE FROM checkpoints`,
      sql`UPDATE log_payloads SET payload = '{}'`,
      sql`DELETE FROM log_payloads WHERE log_index = 0`,
      sql`DELETE FROM log_head`,
    ];
    for (const q of attempts) await expect(q.execute(db)).rejects.toThrow();
    expect(await kit.store.readLog(0, 10)).toHaveLength(2);
    expect((await verifyLog(kit.database, { verifiers: [kit.verifier] })).ok).toBe(true);
  });

  test("each batch's checkpoint row is written in its own commit, byte for byte the note of its receipts", async () => {
    const notes = async () =>
      (
        await kit.database.db
          .withTables<{ checkpoints: { size: number | string; note: string } }>()
          .selectFrom('checkpoints')
          .select(['size', 'note'])
          .orderBy('size')
          .execute()
      ).map((r) => [Number(r.size), r.note]);
    const first = await kit.store.append('rec-1', 0, [event()]);
    expect(await notes()).toEqual([[1, first.receipts[0]?.checkpoint]]);
    const second = await kit.store.append('rec-1', 1, [event(), event()]);
    expect(second.receipts.map((r) => r.checkpoint)).toEqual([
      second.receipts[0]?.checkpoint,
      second.receipts[0]?.checkpoint,
    ]);
    expect(await notes()).toEqual([
      [1, first.receipts[0]?.checkpoint],
      [3, second.receipts[0]?.checkpoint],
    ]);
    expect((await kit.store.latestCheckpoint())?.note).toBe(second.receipts[0]?.checkpoint);
    const receipt = await kit.store.receipt(1);
    expect(receipt.treeSize).toBe(3);
    checkReceipt(kit, receipt);
  });

  test("a head left without its checkpoint row (by an earlier version's crash) is signed again at start-up, byte for byte the note of its receipts", async () => {
    await kit.store.append('rec-1', 0, [event()]);
    await kit.store.close();
    const e = event();
    const signer = signerFromSkey(kit.skey);
    const ctx = { database: kit.database, signer, origin: ORIGIN };
    const request = {
      streamId: 'rec-1',
      expected: 1,
      events: [e],
      sealed: [sealPayload(e.payload)],
    };
    const answered = await commitBatch(ctx, [request], null);
    expect(answered.size).toBe(2);
    const note = answered.checkpoint?.note ?? '';
    expect(parseCheckpoint(openNote(note, [kit.verifier]).text).size).toBe(2);
    // The earlier version wrote this row in the next commit; a crash before it left none.
    const db = kit.database.db;
    if (kit.database.dialect === 'postgres') {
      await sql`ALTER TABLE checkpoints DISABLE TRIGGER USER`.execute(db);
      await sql`DELETE FROM checkpoints WHERE size = 2`.execute(db);
      await sql`ALTER TABLE checkpoints ENABLE TRIGGER USER`.execute(db);
    } else {
      const { rows } = await sql<{ sql: string }>`
        SELECT sql FROM sqlite_master WHERE name = 'checkpoints_no_delete'`.execute(db);
      await sql`DROP TRIGGER checkpoints_no_delete`.execute(db);
      await sql`DELETE FROM checkpoints WHERE size = 2`.execute(db);
      await sql.raw(rows[0]?.sql ?? '').execute(db);
    }
    await expect(sql`DELETE FROM checkpoints`.execute(db)).rejects.toThrow();
    const sizes = () =>
      kit.database.db
        .withTables<{ checkpoints: { size: number | string; note: string } }>()
        .selectFrom('checkpoints')
        .select(['size', 'note'])
        .orderBy('size')
        .execute();
    expect((await sizes()).map((r) => Number(r.size))).toEqual([1]);
    expect((await verifyLog(kit.database, { verifiers: [kit.verifier] })).ok).toBe(true);
    const restarted = await createEventStore(ctx);
    expect(await restarted.signMissingCheckpoint()).toBe(true);
    expect(await restarted.signMissingCheckpoint()).toBe(false);
    const rows = await sizes();
    expect(rows.map((r) => Number(r.size))).toEqual([1, 2]);
    expect(rows[1]?.note).toBe(note);
    const next = await restarted.append('rec-1', 2, [event()]);
    checkReceipt(kit, next.receipts[0] as Receipt);
    await restarted.close();
    expect(await verifyLog(kit.database, { verifiers: [kit.verifier] })).toMatchObject({
      ok: true,
      size: 3,
      checked: { checkpoints: 3 },
    });
  });
});

describe('the optimistic commit on PostgreSQL', () => {
  let kit: StoreKit;
  beforeEach(async () => {
    kit = await openKit('postgres');
  });
  afterEach(async () => {
    await kit.close();
  });

  test("a restarted process appending with 'any' to a stream it never saw reads the head first: two statements, not a failed compare-and-set and three", async () => {
    await kit.store.append('access:seen', 'any', [event(), event()]);
    const store = await restarted(kit);
    const pool = kit.database.pgPool;
    if (pool === undefined) throw new Error('no pool');
    let statements = 0;
    const count = () => statements++;
    pool.on('acquire', count);
    try {
      const again = await store.append('access:seen', 'any', [event()]);
      expect(again.events[0]).toMatchObject({ streamVersion: 3, logIndex: 3 });
      expect(statements).toBe(2);
      // A stream it now remembers, and a new one expected new: one statement each.
      statements = 0;
      await store.append('access:seen', 'any', [event()]);
      await store.append('access:new', 0, [event()]);
      expect(statements).toBe(2);
    } finally {
      pool.off('acquire', count);
    }
    await store.close();
    const report = await verifyLog(kit.database, { verifiers: [kit.verifier] });
    expect(report).toMatchObject({ ok: true, size: 6, problems: [] });
  });
});
