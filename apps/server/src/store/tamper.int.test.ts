import { sql, type Kysely } from 'kysely';
import { generateSignerKey, signerFromSkey, verifierFromVkey } from '@custody/ledger';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { DialectName } from '../db/database.ts';
import { DIALECTS } from '../../test/databases.ts';
import { createEventStore } from './event-store.ts';
import { event, openKit, ORIGIN, type StoreKit } from './store.test-kit.ts';
import type { StoredEvent, VerifyReport } from './types.ts';
import { verifyLog } from './verify-log.ts';

const SIZE = 30;
const streamOf = (i: number): string => `record-${i % 4}`;

/** What an attacker with database superuser rights does first. */
async function dropGuards(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  if (dialect === 'postgres') {
    for (const t of [
      'log_leaves',
      'log_payloads',
      'log_nodes',
      'checkpoints',
      'log_erasures',
      'log_head',
    ]) {
      await sql.raw(`ALTER TABLE ${t} DISABLE TRIGGER USER`).execute(db);
    }
    return;
  }
  const { rows } = await sql<{
    name: string;
  }>`SELECT name FROM sqlite_master WHERE type = 'trigger'`.execute(db);
  for (const r of rows) await sql.raw(`DROP TRIGGER ${r.name}`).execute(db);
}

/** Deletes everything from `size` on and rewinds the head, leaving a self-consistent shorter log. */
async function truncateTo(db: Kysely<unknown>, size: number): Promise<void> {
  await sql`DELETE FROM log_payloads WHERE log_index >= ${size}`.execute(db);
  await sql`DELETE FROM log_leaves WHERE log_index >= ${size}`.execute(db);
  await sql`DELETE FROM log_nodes WHERE ((idx + 1) << level) > ${size}`.execute(db);
  await sql`DELETE FROM checkpoints WHERE size > ${size}`.execute(db);
  await sql`UPDATE log_head SET size = ${size}, root = (SELECT root FROM checkpoints WHERE size = ${size})`.execute(
    db,
  );
}

function first(report: VerifyReport) {
  expect(report.ok).toBe(false);
  return report.problems[0];
}

/**
 * Each dialect verified in the verifier's own thread, and SQLite also by two worker threads
 * (verify-pool.ts) that examine every batch (`waitForWorkers`): batches of four leaves (each
 * clean one checked by a worker as a segment of one subtree) and of five (segments of subtrees
 * of unequal size, joined to the tree by the verifying thread); and by one worker sharing
 * batches of three with the verifying thread, as a verification does by default. The same
 * drills, the same reports.
 */
const RUNS: {
  dialect: DialectName;
  how: string;
  workers: number;
  batchSize?: number;
  waitForWorkers?: boolean;
}[] = [
  ...DIALECTS.map((dialect) => ({ dialect, how: 'in one thread', workers: 0 })),
  {
    dialect: 'sqlite',
    how: 'with worker threads, batches of 4',
    workers: 2,
    batchSize: 4,
    waitForWorkers: true,
  },
  {
    dialect: 'sqlite',
    how: 'with worker threads, batches of 5',
    workers: 2,
    batchSize: 5,
    waitForWorkers: true,
  },
  {
    dialect: 'sqlite',
    how: 'with a worker sharing batches of 3 with this thread',
    workers: 1,
    batchSize: 3,
  },
];

describe.each(RUNS)('tamper drills on a real $dialect database, $how', (run) => {
  const { dialect } = run;
  let kit: StoreKit;
  let log: StoredEvent[];
  let notes: Map<number, string>;
  const how = {
    workers: run.workers,
    ...(run.batchSize ? { batchSize: run.batchSize } : {}),
    ...(run.waitForWorkers ? { waitForWorkers: true } : {}),
  };
  const verify = (outside?: string) =>
    verifyLog(
      kit.database,
      outside === undefined
        ? { verifiers: [kit.verifier], ...how }
        : { verifiers: [kit.verifier], outside, ...how },
    );

  beforeEach(async () => {
    kit = await openKit(dialect);
    notes = new Map();
    for (let i = 0; i < SIZE; i++) {
      const r = await kit.store.append(streamOf(i), 'any', [event('CellCheckRecorded', { n: i })]);
      notes.set(i + 1, r.receipts[0]?.checkpoint ?? '');
    }
    log = await kit.store.readLog(0, SIZE);
    expect((await verify()).ok).toBe(true);
    await dropGuards(kit.database.db, dialect);
  });
  afterEach(async () => {
    await kit.close();
  });

  test('an edited payload is caught at its leaf', async () => {
    await sql`UPDATE log_payloads SET payload = '{"n":999}' WHERE log_index = 7`.execute(
      kit.database.db,
    );
    expect(first(await verify())).toMatchObject({
      logIndex: 7,
      streamId: streamOf(7),
      kind: 'payload',
    });
  });

  test('edited leaf bytes are caught, even with the leaf hash and columns rewritten', async () => {
    const original = Buffer.from(log[9]?.leafHash ?? '', 'hex');
    const { rows } = await sql<{
      leaf: Uint8Array;
    }>`SELECT leaf FROM log_leaves WHERE log_index = 9`.execute(kit.database.db);
    const forged = Buffer.from(
      Buffer.from(rows[0]?.leaf ?? [])
        .toString('utf8')
        .replace('"CellCheckRecorded"', '"CellCheckSkipped"'),
    );
    await sql`UPDATE log_leaves SET leaf = ${forged} WHERE log_index = 9`.execute(kit.database.db);
    expect(first(await verify())).toMatchObject({
      logIndex: 9,
      streamId: streamOf(9),
      kind: 'leaf-hash',
    });
    const { createHash } = await import('node:crypto');
    const h = createHash('sha256')
      .update(Buffer.from([0]))
      .update(forged)
      .digest();
    await sql`UPDATE log_leaves SET leaf_hash = ${h}, event_type = 'CellCheckSkipped' WHERE log_index = 9`.execute(
      kit.database.db,
    );
    expect(original.equals(h)).toBe(false);
    expect(first(await verify())).toMatchObject({
      logIndex: 9,
      streamId: streamOf(9),
      kind: 'node',
    });
  });

  test('a deleted middle event is caught and named with its record', async () => {
    await sql`DELETE FROM log_payloads WHERE log_index = 12`.execute(kit.database.db);
    await sql`DELETE FROM log_leaves WHERE log_index = 12`.execute(kit.database.db);
    expect(first(await verify())).toMatchObject({
      logIndex: 12,
      streamId: streamOf(12),
      kind: 'leaf-missing',
    });
  });

  test('two swapped events are caught at the first', async () => {
    const db = kit.database.db;
    for (const t of ['log_leaves', 'log_payloads']) {
      await sql.raw(`UPDATE ${t} SET log_index = 1000000 WHERE log_index = 5`).execute(db);
      await sql.raw(`UPDATE ${t} SET log_index = 5 WHERE log_index = 6`).execute(db);
      await sql.raw(`UPDATE ${t} SET log_index = 6 WHERE log_index = 1000000`).execute(db);
    }
    expect(first(await verify())).toMatchObject({
      logIndex: 5,
      streamId: streamOf(6),
      kind: 'leaf-fields',
    });
  });

  test('a deleted tail passes alone but is caught by a checkpoint held outside', async () => {
    await truncateTo(kit.database.db, 25);
    expect((await verify()).ok).toBe(true);
    const problem = first(await verify(notes.get(SIZE)));
    expect(problem).toMatchObject({ logIndex: 25, kind: 'tail-missing' });
    expect(problem?.streamId).toBeUndefined();
  });

  test('history rewritten and re-signed with a new key is caught by the real key and outside', async () => {
    await truncateTo(kit.database.db, 10);
    const attacker = generateSignerKey(ORIGIN);
    const forger = await createEventStore({
      database: kit.database,
      signer: signerFromSkey(attacker.skey),
      origin: ORIGIN,
    });
    for (let i = 10; i < SIZE; i++) {
      await forger.append(streamOf(i), 'any', [
        event('CellCheckRecorded', { n: i === 10 ? -1 : i }),
      ]);
    }
    await forger.close();
    const byRealKey = first(await verify());
    expect(byRealKey).toMatchObject({
      logIndex: 10,
      streamId: streamOf(10),
      kind: 'checkpoint-signature',
    });
    const fooled = [kit.verifier, verifierFromVkey(attacker.vkey)];
    expect(
      (
        await verifyLog(kit.database, {
          verifiers: [verifierFromVkey(attacker.vkey), kit.verifier],
          ...how,
        })
      ).problems,
    ).toEqual([]);
    const outside = first(
      await verifyLog(kit.database, { verifiers: fooled, outside: notes.get(SIZE) ?? '', ...how }),
    );
    expect(outside).toMatchObject({ kind: 'outside-mismatch' });
  });
});
