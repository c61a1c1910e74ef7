import { signerFromSkey } from '@custody/ledger';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { DIALECTS } from '../../test/databases.ts';
import { openDatabase } from '../db/database.ts';
import { createEventStore } from './event-store.ts';
import { event, openKit, ORIGIN, type StoreKit } from './store.test-kit.ts';
import { VersionConflictError, type ReadModelRow, type ReadModelTable } from './types.ts';
import { verifyLog } from './verify-log.ts';

const VIEW: ReadModelTable = {
  name: 'view_test',
  columns: ['key', 'label', 'version', 'at_index'],
  pgTypes: ['text', 'text', 'int4', 'int8'],
  versionColumn: 'version',
  logIndexColumn: 'at_index',
};

const row = (key: string, label: string): ReadModelRow => ({
  table: VIEW,
  values: { key, label },
});

interface ViewRow {
  key: string;
  label: string;
  version: number;
  /** BIGINT: PostgreSQL returns it as text. */
  at_index: number | string;
}

describe.each(DIALECTS)('read models in the write transaction on %s', (dialect) => {
  let kit: StoreKit;
  beforeEach(async () => {
    kit = await openKit(dialect);
    const big = dialect === 'postgres' ? 'BIGINT' : 'INTEGER';
    await sql
      .raw(
        `CREATE TABLE view_test (key TEXT PRIMARY KEY, label TEXT NOT NULL,
          version INTEGER NOT NULL, at_index ${big} NOT NULL)`,
      )
      .execute(kit.database.db);
  });
  afterEach(async () => {
    await kit.close();
  });

  const views = async (): Promise<Map<string, ViewRow & { at_index: number }>> => {
    const { rows } = await sql<ViewRow>`SELECT * FROM view_test`.execute(kit.database.db);
    return new Map(rows.map((r) => [r.key, { ...r, at_index: Number(r.at_index) }]));
  };
  /** What every stream's row must say: its newest version and the log index of that leaf. */
  const expected = async (): Promise<Map<string, { version: number; at_index: number }>> => {
    const out = new Map<string, { version: number; at_index: number }>();
    for (const e of await kit.store.readLog(0, 10_000)) {
      out.set(e.streamId, { version: e.streamVersion, at_index: e.logIndex });
    }
    return out;
  };
  const consistent = async (keys: readonly string[]) => {
    const [got, want] = [await views(), await expected()];
    for (const k of keys) expect(got.get(k), k).toMatchObject(want.get(k) ?? { missing: k });
  };

  test('an append writes its row, stamped with the version and index of its last event', async () => {
    await kit.store.append('a', 0, [event(), event()], { readModels: [row('a', 'first')] });
    expect((await views()).get('a')).toEqual({ key: 'a', label: 'first', version: 2, at_index: 1 });
    await kit.store.append('b', 0, [event()]);
    await kit.store.append('a', 2, [event()], { readModels: [row('a', 'second')] });
    expect((await views()).get('a')).toEqual({
      key: 'a',
      label: 'second',
      version: 3,
      at_index: 3,
    });
    expect((await views()).has('b')).toBe(false);
  });

  test('group commit: every committed request writes its row, a refused one none', async () => {
    const streams = ['s0', 's1', 's2', 's3', 's4'];
    const many = Array.from({ length: 40 }, (_, i) => {
      const s = streams[i % 5] ?? 's0';
      return kit.store.append(s, 'any', [event()], { readModels: [row(s, `n${i}`)] });
    });
    const racing = Array.from({ length: 10 }, (_, i) =>
      kit.store.append('hot', 0, [event()], { readModels: [row('hot', `r${i}`)] }),
    );
    const results = await Promise.allSettled([...many, ...racing]);
    expect(results.filter((r) => r.status === 'rejected')).toHaveLength(9);
    await consistent([...streams, 'hot']);
    const won = results.findIndex((r, i) => i >= 40 && r.status === 'fulfilled');
    expect((await views()).get('hot')?.label).toBe(`r${won - 40}`);
  });

  test('a bad request in a group writes no row; the others do', async () => {
    const dup = event();
    const results = await Promise.allSettled([
      kit.store.append('a', 0, [event()], { readModels: [row('a', 'a')] }),
      kit.store.append('b', 0, [dup], { readModels: [row('b', 'b')] }),
      kit.store.append('c', 0, [dup], { readModels: [row('c', 'c')] }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected']);
    expect([...(await views()).keys()].sort()).toEqual(['a', 'b']);
  });

  test('an erasure writes its row with the tombstone, and a stale one conflicts with none', async () => {
    const { events } = await kit.store.append('r', 0, [event(), event()], {
      readModels: [row('r', 'open')],
    });
    const target = events[0]?.logIndex ?? -1;
    const stale = kit.store.erasePayload('r', target, event('PayloadErased', {}), {
      expected: 1,
      readModels: [row('r', 'stale')],
    });
    await expect(stale).rejects.toBeInstanceOf(VersionConflictError);
    await kit.store.erasePayload('r', target, event('PayloadErased', {}), {
      expected: 2,
      readModels: [row('r', 'erased')],
    });
    expect((await views()).get('r')).toEqual({
      key: 'r',
      label: 'erased',
      version: 3,
      at_index: 2,
    });
  });

  test('a row never replaces one of a higher version', async () => {
    await sql`INSERT INTO view_test (key, label, version, at_index) VALUES ('a', 'newer', 9, 99)`.execute(
      kit.database.db,
    );
    await kit.store.append('a', 0, [event()], { readModels: [row('a', 'older')] });
    expect((await views()).get('a')?.label).toBe('newer');
  });

  test('several processes racing on one database: every row matches its stream', async () => {
    const others = [openDatabase(kit.database.url), openDatabase(kit.database.url)];
    try {
      const signer = signerFromSkey(kit.skey);
      const stores = [
        kit.store,
        ...(await Promise.all(
          others.map((database) => createEventStore({ database, signer, origin: ORIGIN })),
        )),
      ];
      const keys = ['hot', 'x0', 'x1', 'x2'];
      await Promise.all(
        stores.flatMap((store, s) =>
          Array.from({ length: 10 }, async (_, i) => {
            const k = keys[i % 4] ?? 'hot';
            await store.append(k, 'any', [event()], { readModels: [row(k, `${s}-${i}`)] });
            await store.append('hot', 'any', [event()], { readModels: [row('hot', `h${s}`)] });
          }),
        ),
      );
      for (const store of stores.slice(1)) await store.close();
      await consistent(keys);
      expect((await verifyLog(kit.database, { verifiers: [kit.verifier] })).ok).toBe(true);
    } finally {
      for (const database of others) await database.close();
    }
  });

  test('withLogLocked: no append commits until it returns, and it reads every committed leaf', async () => {
    await kit.store.append('a', 0, [event()]);
    let committed = false;
    let pending: Promise<unknown> = Promise.resolve();
    const seen = await kit.store.withLogLocked(async (log) => {
      const writer = await createEventStore({
        database: kit.database,
        signer: signerFromSkey(kit.skey),
        origin: ORIGIN,
      });
      pending = writer.append('b', 0, [event()]).then(() => {
        committed = true;
      });
      await new Promise((resolve) => setTimeout(resolve, 150));
      expect(committed).toBe(false);
      return (await log.readLog(0, 100)).map((e) => e.streamId);
    });
    expect(seen).toEqual(['a']);
    await pending;
    expect(committed).toBe(true);
    expect((await kit.store.readLog(0, 100)).map((e) => e.streamId)).toEqual(['a', 'b']);
  });
});
