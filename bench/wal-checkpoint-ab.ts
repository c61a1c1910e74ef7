import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSignerKey, signerFromSkey } from '@custody/ledger';
import { openDatabase, type Database } from '../apps/server/src/db/database.ts';
import { migrate } from '../apps/server/src/db/migrate.ts';
import { createEventStore, storeMigrations } from '../apps/server/src/store/index.ts';
import type { EventStore } from '../apps/server/src/store/index.ts';
import { newEvent } from './cell-check.ts';
import { commitMark, commitsSince } from './commit-timer.ts';

const ORIGIN = 'custody.bench/wal';

/** CPU time of this process's main thread so far, in ns (schedstat, not the 10 ms ticks). */
const mainThreadNs = (): number =>
  Number(readFileSync(`/proc/self/task/${String(process.pid)}/schedstat`, 'utf8').split(' ')[0]);

interface Subject {
  name: string;
  dir: string;
  database: Database;
  store: EventStore;
  k: number;
  ms: number;
  commitMs: number;
  commits: number;
  mainNs: number;
  cpuUs: number;
  latencies: number[];
}

async function subject(name: string, thread: boolean): Promise<Subject> {
  const dir = mkdtempSync(join(tmpdir(), 'custody-wal-ab-'));
  const database = openDatabase(join(dir, 'custody.sqlite'), { walCheckpoint: { thread } });
  // Without the thread, as before it: SQLite's auto-checkpoint in the COMMIT at 1,000 frames.
  if (!thread) database.sqlite?.pragma('wal_autocheckpoint = 1000');
  await migrate(database, storeMigrations);
  const store = await createEventStore({
    database,
    signer: signerFromSkey(generateSignerKey(ORIGIN).skey),
    origin: ORIGIN,
  });
  return {
    name,
    dir,
    database,
    store,
    k: 0,
    ms: 0,
    commitMs: 0,
    commits: 0,
    mainNs: 0,
    cpuUs: 0,
    latencies: [],
  };
}

/**
 * `node --import tsx bench/wal-checkpoint-ab.ts [rounds] [per round]`: one code base, two SQLite
 * stores in one process, each on a file of its own: one whose WAL is checkpointed as SQLite does
 * by default (in the COMMIT that takes it past 1,000 frames, on the event loop), one with the
 * checkpoint thread (`wal-checkpointer.ts`). Sequential single-event appends (streams of 100,
 * expected versions, as the sequential scenario of `emmett.bench.ts`) in rounds, the two taking
 * turns at going first. Prints per store the rate, the main thread's and the process's CPU per
 * append, latency quantiles, the mean time in COMMIT, and what the thread did.
 */
async function main(): Promise<void> {
  const rounds = Number(process.argv[2] ?? 200);
  const per = Number(process.argv[3] ?? 20);
  const subjects = [await subject('in the COMMIT', false), await subject('thread', true)];
  const load0 = loadavg();
  for (let round = 0; round < rounds; round++) {
    for (const s of round % 2 === 0 ? subjects : [...subjects].reverse()) {
      const mark = commitMark();
      const c0 = process.cpuUsage();
      const m0 = mainThreadNs();
      const t0 = performance.now();
      for (let i = 0; i < per; i++, s.k++) {
        const t = performance.now();
        await s.store.append(`seq-${String(Math.floor(s.k / 100))}`, s.k % 100, [newEvent(s.k)]);
        s.latencies.push(performance.now() - t);
      }
      s.ms += performance.now() - t0;
      s.mainNs += mainThreadNs() - m0;
      const c = process.cpuUsage(c0);
      s.cpuUs += c.user + c.system;
      const committed = commitsSince(mark);
      s.commitMs += committed.ms;
      s.commits += committed.commits;
    }
  }
  const n = rounds * per;
  const load = (l: number[]) => l.map((x) => x.toFixed(2)).join(' ');
  console.log(`${String(n)} appends each; load ${load(load0)} → ${load(loadavg())}`);
  for (const s of subjects) {
    s.latencies.sort((a, b) => a - b);
    const q = (p: number) =>
      (s.latencies[Math.floor(p * (s.latencies.length - 1))] ?? 0).toFixed(2);
    console.log(
      `  ${s.name}: ${((n / s.ms) * 1000).toFixed(0)}/s, CPU ${(s.cpuUs / n).toFixed(0)} µs ` +
        `(main thread ${(s.mainNs / n / 1000).toFixed(0)}), p50 ${q(0.5)} p90 ${q(0.9)} ` +
        `p99 ${q(0.99)} ms, COMMIT ${((s.commitMs / s.commits) * 1000).toFixed(0)} µs mean; ` +
        JSON.stringify(s.database.walCheckpointer?.stats()),
    );
    await s.store.close();
    await s.database.close();
    rmSync(s.dir, { recursive: true, force: true });
  }
  const [before, after] = subjects as [Subject, Subject];
  console.log(`  thread / in the COMMIT: time ${(after.ms / before.ms).toFixed(3)}`);
}

await main();
