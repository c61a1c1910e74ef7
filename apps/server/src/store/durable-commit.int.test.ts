import { generateSignerKey, signerFromSkey } from '@custody/ledger';
import { CompiledQuery } from 'kysely';
import { afterEach, describe, expect, test } from 'vitest';
import { migrate } from '../db/migrate.ts';
import { freshSqlite, type TestDatabase } from '../../test/databases.ts';
import { createEventStore } from './event-store.ts';
import { event, ORIGIN } from './store.test-kit.ts';
import { storeMigrations } from './store.migrations.ts';
import { inWriteTransaction, runPrepared } from './transaction.ts';

/** `synchronous` of the connection: 1 NORMAL, 2 FULL. */
const synchronous = (database: TestDatabase) =>
  database.sqlite?.pragma('synchronous', { simple: true }) as number;

/** A database whose WAL sync waits for `release()`, counting the syncs started and finished. */
function gatedSync(database: TestDatabase) {
  const counts = { started: 0, finished: 0 };
  let open: () => void = () => undefined;
  let gate = new Promise<void>((resolve) => (open = resolve));
  const realSync = database.syncWal;
  if (realSync === undefined) throw new Error('a SQLite file database has a WAL to sync');
  const gated: TestDatabase = {
    ...database,
    syncWal: async () => {
      counts.started += 1;
      await gate;
      await realSync();
      counts.finished += 1;
    },
  };
  return {
    gated,
    counts,
    release: () => {
      open();
      gate = Promise.resolve();
    },
  };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

/** A migrated store on `database` through {@link gatedSync}, each append committed alone. */
async function gatedStore(database: TestDatabase) {
  await migrate(database, storeMigrations);
  const sync = gatedSync(database);
  const { skey } = generateSignerKey(ORIGIN);
  const store = await createEventStore({
    database: sync.gated,
    signer: signerFromSkey(skey),
    origin: ORIGIN,
    groupCommitWindowMs: 0,
  });
  return { ...sync, store };
}

describe('SQLite: a write transaction commits without fsync on the event loop, durable before it resolves', () => {
  let database: TestDatabase;
  afterEach(async () => {
    await database.drop();
  });

  test('the transaction runs under synchronous=NORMAL and leaves the connection at FULL', async () => {
    database = freshSqlite();
    await migrate(database, storeMigrations);
    expect(synchronous(database)).toBe(2);
    const inside = await inWriteTransaction(database, () => Promise.resolve(synchronous(database)));
    expect(inside).toBe(1);
    expect(synchronous(database)).toBe(2);
    await expect(
      inWriteTransaction(database, () => Promise.reject(new Error('refused'))),
    ).rejects.toThrow('refused');
    expect(synchronous(database)).toBe(2);
  });

  test('an append is answered, and read by anyone, only after the WAL is synced; a rolled-back transaction syncs nothing', async () => {
    database = freshSqlite();
    const { gated, counts, release, store } = await gatedStore(database);
    let answered = false;
    const append = store.append('s-1', 0, [event()]).then((r) => {
      answered = true;
      return r;
    });
    await settle();
    // Committed, and being synced: not answered, and no other query of the process runs (it
    // would read the entry before it is on disk) until the sync returns.
    expect(counts).toEqual({ started: 1, finished: 0 });
    expect(answered).toBe(false);
    let read = false;
    const reading = store.readStream('s-1').then((events) => {
      read = true;
      return events;
    });
    await settle();
    expect(read).toBe(false);
    release();
    const result = await append;
    expect(answered).toBe(true);
    expect(counts.finished).toBeGreaterThanOrEqual(1);
    expect(result.events).toHaveLength(1);
    expect(await reading).toHaveLength(1);

    const before = counts.started;
    await expect(
      inWriteTransaction(gated, () => Promise.reject(new Error('refused'))),
    ).rejects.toThrow('refused');
    expect(counts.started).toBe(before);
    await store.close();
  });

  test('look-ups asked while an append syncs wait for it and then run in the order asked, a failing one holding up none', async () => {
    database = freshSqlite();
    const { gated, counts, release, store } = await gatedStore(database);
    const append = store.append('s-1', 0, [event()]);
    await settle();
    expect(counts).toEqual({ started: 1, finished: 0 });
    const size = CompiledQuery.raw('SELECT size FROM log_head WHERE id = ?', [1]);
    const done: number[] = [];
    // Through the gated copy and the database itself: one connection, one queue.
    const lookUps = Array.from({ length: 40 }, (_, i) =>
      runPrepared<{ size: number }>(
        i % 2 === 0 ? gated : database,
        i === 7 ? CompiledQuery.raw('SELECT size FROM no_such_table') : size,
      ).then(
        ({ rows }) => {
          done.push(i);
          return rows[0]?.size;
        },
        () => {
          done.push(i);
          return 'refused';
        },
      ),
    );
    await settle();
    expect(done).toEqual([]);
    release();
    await append;
    const sizes = await Promise.all(lookUps);
    expect(done).toEqual(Array.from({ length: 40 }, (_, i) => i));
    expect(sizes.filter((s) => s === 'refused')).toHaveLength(1);
    expect(sizes.filter((s) => s === 1)).toHaveLength(39);
    await store.close();
  });
});
