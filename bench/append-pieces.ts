import { loadavg } from 'node:os';
import { CompactRange, generateSignerKey, nodeHashOnce, signerFromSkey } from '@custody/ledger';
import { migrate } from '../apps/server/src/db/migrate.ts';
import { createEventStore, storeMigrations } from '../apps/server/src/store/index.ts';
import { sealPayload } from '../apps/server/src/store/leaf.ts';
import { planBatch } from '../apps/server/src/store/plan-batch.ts';
import { signCheckpoint } from '../apps/server/src/store/write-batch.ts';
import { freshSqlite } from '../apps/server/test/databases.ts';
import { newEvent } from './cell-check.ts';

const ORIGIN = 'custody.bench/pieces';
async function each(what: string, n: number, f: (i: number) => unknown): Promise<void> {
  for (let i = 0; i < 2000; i++) await f(i);
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await f(i);
  const us = ((performance.now() - t0) * 1000) / n;
  console.log(`${us.toFixed(1).padStart(7)} µs  ${what}`);
}

/** The main thread's cost of the pieces of one single-event append, each timed alone. */
async function main(): Promise<void> {
  console.log(
    `load ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  const signer = signerFromSkey(generateSignerKey(ORIGIN).skey);
  const ctx = { database: undefined as never, signer, origin: ORIGIN };
  const root = new Uint8Array(32).fill(7);
  await each('signCheckpoint (format + Ed25519 + note)', 20000, (i) =>
    signCheckpoint(ctx, i + 1, root),
  );
  await each('sealPayload', 20000, (i) => sealPayload(newEvent(i).payload));
  await each("newEvent (the caller's own event)", 20000, (i) => newEvent(i));
  await each('planBatch of one request (leaf bytes + leaf hash)', 20000, (i) =>
    planBatch(
      undefined as never,
      'sqlite',
      i,
      [{ streamId: 's', expected: 'any', events: [newEvent(i)], sealed: [sealPayload({ a: 1 })] }],
      new Map(),
    ),
  );
  const range = CompactRange.empty(nodeHashOnce);
  const leaf = new Uint8Array(32).fill(3);
  await each('range.clone + append + root', 20000, () => {
    const r = range.clone();
    r.append(leaf);
    range.append(leaf);
    return r.root();
  });
  // The store's append with the WAL sync taken out: everything but the fsync.
  const database = freshSqlite();
  await migrate(database, storeMigrations);
  const nosync = { ...database, syncWal: () => Promise.resolve() };
  const store = await createEventStore({ database: nosync, signer, origin: ORIGIN });
  await each('store.append, no WAL sync (sequential, one stream per 100)', 10000, (i) =>
    store.append(`seq-${String(Math.floor(i / 100))}`, 'any', [newEvent(i)]),
  );
  await each('setImmediate hop', 20000, () => new Promise((r) => setImmediate(r)));
  await each('WAL fdatasync (FileHandle, thread pool)', 3000, () => database.syncWal?.());
  await store.close();
  await database.drop();
  console.log(
    `load ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
}
await main();
