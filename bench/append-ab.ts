import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { sql } from 'kysely';
import { generateSignerKey, signerFromSkey } from '@custody/ledger';
import type { DialectName } from '../apps/server/src/db/database.ts';
import type * as StoreModule from '../apps/server/src/store/index.ts';
import type { EventStore } from '../apps/server/src/store/index.ts';
import type * as MigrateModule from '../apps/server/src/db/migrate.ts';
import type * as DatabasesModule from '../apps/server/test/databases.ts';
import { freshDatabase, type TestDatabase } from '../apps/server/test/databases.ts';
import { newEvent } from './cell-check.ts';

const ORIGIN = 'custody.bench/ab';
const PER = 20;

/** CPU time of this process's main thread so far, in ns (schedstat, not the 10 ms ticks). */
const mainThreadNs = (): number =>
  Number(readFileSync(`/proc/self/task/${String(process.pid)}/schedstat`, 'utf8').split(' ')[0]);

interface Subject {
  tree: string;
  database: TestDatabase;
  store: EventStore;
  /** Appended so far to the sequential streams. */
  k: number;
  seqMs: number;
  newMs: number;
  cpuUs: number;
  mainNs: number;
}

/** The store of the checkout at `tree`, on a fresh database of its own, with its own migrations. */
async function subject(tree: string, dialect: DialectName): Promise<Subject> {
  const store = (await import(`${tree}/apps/server/src/store/index.ts`)) as typeof StoreModule;
  const { migrate } = (await import(
    `${tree}/apps/server/src/db/migrate.ts`
  )) as typeof MigrateModule;
  const dbs = (await import(`${tree}/apps/server/test/databases.ts`)) as typeof DatabasesModule;
  const database = await dbs.freshDatabase(dialect);
  await migrate(database, store.storeMigrations);
  const s = await store.createEventStore({
    database,
    signer: signerFromSkey(generateSignerKey(ORIGIN).skey),
    origin: ORIGIN,
  });
  return { tree, database, store: s, k: 0, seqMs: 0, newMs: 0, cpuUs: 0, mainNs: 0 };
}

/**
 * `node --import tsx bench/append-ab.ts <sqlite|postgres> <tree> <tree> [rounds]`: the stores of
 * two checkouts (say /work/main and a branch's worktree) imported side by side into one process,
 * each on a database of its own, in rounds of 20 bare durable inserts (Kysely, as
 * `store.bench.ts`), then per store 20 sequential appends (streams of 100, expected versions, as
 * `emmett.bench.ts`) and 20 single appends to new streams (as `store.bench.ts`), the stores'
 * order alternating by round: so both see the same load. Prints rates, their ratios to the bare
 * insert and to each other, and CPU per sequential append (process; main thread).
 */
async function main(): Promise<void> {
  const [d = 'sqlite', a, b, r = '100'] = process.argv.slice(2);
  if (a === undefined || b === undefined) throw new Error('usage: append-ab.ts dialect tree tree');
  const dialect = d as DialectName;
  const rounds = Number(r);
  const subjects = [await subject(a, dialect), await subject(b, dialect)];
  const bare = await freshDatabase(dialect);
  await sql`CREATE TABLE bare (id INTEGER PRIMARY KEY, data TEXT NOT NULL)`.execute(bare.db);
  const data = JSON.stringify(newEvent(0));
  let bareMs = 0;
  let id = 0;
  const load0 = loadavg();
  for (let round = 0; round < rounds; round++) {
    const t0 = performance.now();
    for (let i = 0; i < PER; i++) {
      await sql`INSERT INTO bare (id, data) VALUES (${id++}, ${data})`.execute(bare.db);
    }
    bareMs += performance.now() - t0;
    for (const s of round % 2 === 0 ? subjects : [...subjects].reverse()) {
      const c0 = process.cpuUsage();
      const m0 = mainThreadNs();
      const t1 = performance.now();
      for (let i = 0; i < PER; i++, s.k++) {
        await s.store.append(`seq-${String(Math.floor(s.k / 100))}`, s.k % 100, [newEvent(s.k)]);
      }
      s.seqMs += performance.now() - t1;
      const c = process.cpuUsage(c0);
      s.cpuUs += c.user + c.system;
      s.mainNs += mainThreadNs() - m0;
      const t2 = performance.now();
      for (let i = 0; i < PER; i++) {
        await s.store.append(`single-${String(round)}-${String(i)}`, 0, [newEvent(i)]);
      }
      s.newMs += performance.now() - t2;
    }
  }
  const n = rounds * PER;
  const rate = (ms: number) => ((n / ms) * 1000).toFixed(0);
  const load = (l: number[]) => l.map((x) => x.toFixed(2)).join(' ');
  console.log(`${dialect}, ${String(rounds)} rounds; load ${load(load0)} → ${load(loadavg())}`);
  console.log(`  bare durable insert: ${rate(bareMs)}/s`);
  for (const s of subjects) {
    console.log(
      `  ${s.tree}: sequential ${rate(s.seqMs)}/s = ${(bareMs / s.seqMs).toFixed(3)} of bare, ` +
        `CPU ${(s.cpuUs / n).toFixed(0)} µs (main thread ${(s.mainNs / n / 1000).toFixed(0)}); ` +
        `new stream each ${rate(s.newMs)}/s = ${(bareMs / s.newMs).toFixed(3)} of bare`,
    );
  }
  const [x, y] = subjects as [Subject, Subject];
  console.log(
    `  second/first: sequential ${(x.seqMs / y.seqMs).toFixed(3)}, new stream ${(x.newMs / y.newMs).toFixed(3)}, ` +
      `CPU ${(y.cpuUs / x.cpuUs).toFixed(3)}, main thread ${(y.mainNs / x.mainNs).toFixed(3)}`,
  );
  for (const s of subjects) {
    await s.store.close();
    await s.database.drop();
  }
  await bare.drop();
}

await main();
