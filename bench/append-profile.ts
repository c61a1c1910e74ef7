import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { sql } from 'kysely';
import { generateSignerKey, signerFromSkey } from '@custody/ledger';
import type { DialectName } from '../apps/server/src/db/database.ts';
import { migrate } from '../apps/server/src/db/migrate.ts';
import { createEventStore, storeMigrations } from '../apps/server/src/store/index.ts';
import { freshDatabase } from '../apps/server/test/databases.ts';
import { newEvent } from './cell-check.ts';

const ORIGIN = 'custody.bench/profile';
const WARM = Number(process.env['BENCH_WARM'] ?? 1000);

/** CPU time (user + system, ns) of each thread of this process, by thread id. */
function threadNs(): Map<string, number> {
  const out = new Map<string, number>();
  for (const tid of readdirSync('/proc/self/task')) {
    try {
      out.set(tid, Number(readFileSync(`/proc/self/task/${tid}/schedstat`, 'utf8').split(' ')[0]));
    } catch {
      // the thread ended meanwhile
    }
  }
  return out;
}

/**
 * `callgrind_control <args> <this pid>` when run under `valgrind --tool=callgrind`. Valgrind takes
 * the command only while the program runs code, so this spins until the command has finished.
 */
function callgrind(args: string[]): void {
  if (process.env['BENCH_CALLGRIND'] === undefined) return;
  const child = spawn('callgrind_control', [...args, String(process.pid)], { stdio: 'ignore' });
  for (let spin = 0; ; spin++) {
    let state = 'Z';
    try {
      const stat = readFileSync(`/proc/${String(child.pid)}/stat`, 'utf8');
      state = stat.charAt(stat.lastIndexOf(')') + 2);
    } catch {
      // gone
    }
    if (state === 'Z') return;
    if (spin > 1e9) throw new Error('callgrind_control did not finish');
  }
}

/**
 * `node --import tsx bench/append-profile.ts <sqlite|postgres> [n] [bare]`: after a warm-up,
 * n sequential single-event appends (streams of 100, expected versions: the sequential scenario
 * of `emmett.bench.ts`), or with `bare` n bare durable inserts through Kysely (the baseline of
 * `store.bench.ts`); prints wall time and CPU per operation, the process's and the main
 * thread's. For `node --cpu-prof` (then `bench/profile-summary.ts`), or under
 * `valgrind --tool=callgrind` with BENCH_CALLGRIND=1: the counters are zeroed after the warm-up
 * and dumped after the n operations (a second file, `<out>.1`), so the dump holds their
 * instructions alone, whatever the load of the machine.
 */
async function main(): Promise<void> {
  const dialect = (process.argv[2] ?? 'sqlite') as DialectName;
  const n = Number(process.argv[3] ?? 3000);
  const bare = process.argv[4] === 'bare';
  const database = await freshDatabase(dialect);
  await migrate(database, storeMigrations);
  const store = await createEventStore({
    database,
    signer: signerFromSkey(generateSignerKey(ORIGIN).skey),
    origin: ORIGIN,
  });
  await sql`CREATE TABLE bare (id INTEGER PRIMARY KEY, data TEXT NOT NULL)`.execute(database.db);
  const data = JSON.stringify(newEvent(0));
  let id = 0;
  let k = 0;
  const op = bare
    ? () => sql`INSERT INTO bare (id, data) VALUES (${id++}, ${data})`.execute(database.db)
    : async () => {
        await store.append(`seq-${String(Math.floor(k / 100))}`, k % 100, [newEvent(k)]);
        k++;
      };
  for (let i = 0; i < WARM; i++) await op();
  const load0 = loadavg();
  callgrind(['-z']);
  const threads0 = threadNs();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await op();
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const threads = threadNs();
  callgrind(['-d', 'measured']);
  const pid = String(process.pid);
  const mainUs = ((threads.get(pid) ?? 0) - (threads0.get(pid) ?? 0)) / 1000 / n;
  const load = (l: number[]) => l.map((x) => x.toFixed(2)).join(' ');
  console.log(
    `${dialect} ${bare ? 'bare insert' : 'append'}: ${String(n)} at ${(n / (ms / 1000)).toFixed(0)}/s; ` +
      `CPU ${((cpu.user + cpu.system) / n).toFixed(0)} µs each (user ${(cpu.user / n).toFixed(0)}, ` +
      `system ${(cpu.system / n).toFixed(0)}; main thread ${mainUs.toFixed(0)}); ` +
      `load ${load(load0)} → ${load(loadavg())}`,
  );
  await store.close();
  await database.drop();
}

await main();
