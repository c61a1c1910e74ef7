import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createUnit, createUser } from '../apps/server/src/accounts/index.ts';
import { sql } from 'kysely';
import { migrate } from '../apps/server/src/db/migrate.ts';
import { generateKeyFile } from '../apps/server/src/ops/keys.ts';
import { allMigrations } from '../apps/server/src/ops/serve.ts';
import { freshPostgres, type TestDatabase } from '../apps/server/test/databases.ts';
import { startProcess, type ServerProcess } from '../apps/server/test/server-process.ts';
import { PASSWORD, backends, detention, logStats, signIn, ticksOf } from './append-load.ts';
import { apartTogether, machineTicks } from './load-generator.ts';
import { median, result, type BenchResult } from './result.ts';

/** `BENCH_PROCESSES_ROUNDS`: pairs of rounds, one server process and two, taken in turn. */
const ROUNDS = Number(process.env['BENCH_PROCESSES_ROUNDS'] ?? 6);
/** `BENCH_PROCESSES_SECONDS`: the length of each round's load. */
const SECONDS = Number(process.env['BENCH_PROCESSES_SECONDS'] ?? 5);
/** One round of each, not counted, first: both processes' code compiled and their pools open. */
const WARM_SECONDS = 3;
const CLIENTS = 32;
/** /proc's clock tick (USER_HZ), in µs. */
const TICK_MICROS = 10_000;
/** PostgreSQL's statistics reach its views up to a second after a transaction. */
const STATS_DELAY_MS = 1200;
const BANNER = /^Custody Records: (http:\/\/\S+)$/m;

/**
 * How a round's 32 clients are served: `one` process (both generators to process 1, process 2
 * idle on the same database), `two` processes on one database (a generator to each), or two
 * processes `apart`, each on a database of its own (process 1 and process 3): the same machine
 * load as `two` without a shared log, so that what sharing the log costs stands apart from what
 * the machine's cores cost.
 */
type Kind = 'one' | 'two' | 'apart' | 'core';
/**
 * `core`: as `one`, with the serving side (server processes 1 and 2, the PostgreSQL server's
 * every process) held to one core for the round (`taskset`; the generators are not held): one
 * process on one core against `two` on two is the scaling a second core buys, which the target's
 * 1.6 × one means on a machine with cores for both.
 */
const KINDS: readonly Kind[] = ['one', 'two', 'apart', 'core'];
/** The core the serving side is held to in a `core` round. */
const HELD_CORE = '1';

/** The child processes of `pid` (a PostgreSQL server's backends and auxiliary processes). */
function childrenOf(pid: number): number[] {
  try {
    return execFileSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' })
      .split('\n')
      .filter((x) => x !== '')
      .map(Number);
  } catch {
    return []; // pgrep exits 1 when there are none
  }
}

/** Holds processes (every thread) to `cores`; one that has ended meanwhile is passed over. */
function hold(pids: readonly number[], cores: string): void {
  for (const pid of pids) {
    try {
      execFileSync('taskset', ['-a', '-p', '-c', cores, String(pid)], { stdio: 'ignore' });
    } catch {
      // ended
    }
  }
}

/** The PostgreSQL server's main process: the parent of a backend of `database`. */
async function postmasterOf(database: TestDatabase): Promise<number> {
  const { rows } = await sql<{ pid: number }>`SELECT pg_backend_pid() AS pid`.execute(database.db);
  const stat = readFileSync(`/proc/${rows[0]?.pid ?? 0}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
}

/** One round of load: 16 clients from each of two load generators. */
interface Round {
  readonly kind: Kind;
  /** Appends answered by each of the round's two processes: [all, 0] with one process. */
  readonly appends: readonly [number, number];
  /** Appends per second, both load generators together. */
  readonly rate: number;
  /** The higher of the two generators' p99 (that of all requests lies between theirs), ms. */
  readonly p99: number;
  /** CPU time of the round's two processes over the load (with one: process 1 and the idle 2), µs. */
  readonly serverMicros: readonly [number, number];
  /** Context switches of the two processes' main threads (voluntary and not) over the load. */
  readonly switches: readonly [number, number];
  /** Of those, the involuntary ones: the thread was runnable but its core was taken. */
  readonly preempted: readonly [number, number];
  /** CPU time of the PostgreSQL backends serving the databases (not the WAL writer's), µs. */
  readonly postgresMicros: number;
  /** CPU time of the two load generators' processes, µs. */
  readonly generatorMicros: number;
  /** The machine's cores busy over the load (every process on it). */
  readonly busyCores: number;
  readonly seconds: number;
  /** Batches committed (moves of the logs' heads) and scans of the heads' rows (PostgreSQL's statistics). */
  batches: number;
  headScans: number;
  /** The logs' statistics at the start of the round, both databases (its batches: up to the next one's). */
  readonly stats: { moves: number; scans: number };
  /** PostgreSQL backends opened during the round (the pools' connections closed when idle). */
  readonly opened: number;
  /** The machine's load average (1 minute) at the end of the round. */
  readonly load: number;
}

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
const total = (r: Round) => r.appends[0] + r.appends[1];

/** Context switches of a process's main thread so far: all, and the involuntary ones. */
function switchesOf(pid: number): { all: number; preempted: number } {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const field = (name: string) =>
      Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? 0);
    const preempted = field('nonvoluntary_ctxt_switches');
    return { all: field('voluntary_ctxt_switches') + preempted, preempted };
  } catch {
    return { all: 0, preempted: 0 };
  }
}

async function stop(server: ServerProcess): Promise<void> {
  const timer = setTimeout(() => {
    server.child.kill('SIGKILL');
  }, 15_000);
  await server.stop();
  clearTimeout(timer);
}

/** The figures of the rounds of one kind. */
function summary(rounds: readonly Round[]) {
  const appends = sum(rounds.map(total));
  const seconds = sum(rounds.map((r) => r.seconds));
  const first = sum(rounds.map((r) => r.serverMicros[0]));
  const second = sum(rounds.map((r) => r.serverMicros[1]));
  const postgres = sum(rounds.map((r) => r.postgresMicros));
  const one = rounds[0]?.kind === 'one' || rounds[0]?.kind === 'core';
  return {
    rate: median(rounds.map((r) => r.rate)),
    p99: median(rounds.map((r) => r.p99)),
    /** CPU per append of each process: of those it answered (the idle second's per append of the first with one). */
    first: first / Math.max(1, sum(rounds.map((r) => r.appends[0]))),
    second: second / Math.max(1, sum(rounds.map((r) => r.appends[one ? 0 : 1]))),
    /** CPU per append of the processes serving: the first alone with one process. */
    servers: (one ? first : first + second) / Math.max(1, appends),
    postgres: postgres / Math.max(1, appends),
    /** Context switches of the serving processes' main threads per append, and involuntary ones. */
    switches:
      sum(rounds.map((r) => r.switches[0] + (one ? 0 : r.switches[1]))) / Math.max(1, appends),
    preempted:
      sum(rounds.map((r) => r.preempted[0] + (one ? 0 : r.preempted[1]))) / Math.max(1, appends),
    serverCores: (first + second) / 1e6 / seconds,
    generatorCores: sum(rounds.map((r) => r.generatorMicros)) / 1e6 / seconds,
    busyCores: median(rounds.map((r) => r.busyCores)),
    perBatch: appends / Math.max(1, sum(rounds.map((r) => r.batches))),
    headScans: sum(rounds.map((r) => r.headScans)) / Math.max(1, sum(rounds.map((r) => r.batches))),
  };
}

/** A fresh database with the benchmark's unit and its detaining officer. */
async function benchDatabase(): Promise<TestDatabase> {
  const db = await freshPostgres();
  await migrate(db, allMigrations);
  const unit = await createUnit(db, { name: 'Bench', code: 'B1' });
  await createUser(db, {
    username: 'bench',
    password: PASSWORD,
    displayName: 'Bench',
    role: 'detaining_officer',
    unitId: unit.id,
  });
  return db;
}

/**
 * Two PostgreSQL server processes against one (issue 18, point 4: two processes ≥ 1.6 × one):
 * the data set and clients of `http append 32 clients (postgres)` (one unit, one detaining
 * officer, 32 clients opening records), served by real server processes (`serve-child.ts`:
 * `npm start`'s server without its request log, started as the multi-process suite starts them):
 * processes 1 and 2 on one fresh database, process 3 on a second one. Each round sends 16 clients
 * from one load generator process and 16 from another, each generator with its own session: with
 * `one` both go to process 1 (process 2 runs idle, following the log as a second process does),
 * with `two` one goes to process 1 and one to process 2, `apart` one to process 1 and one to
 * process 3, `core` as `one` with the servers and PostgreSQL held to one core. The rounds rotate
 * (one, two, apart, core, ...) so that all see the same machine, after a
 * warm-up round of each and a VACUUM ANALYZE of both databases (a fresh database's first rows
 * otherwise meet autovacuum in the first counted rounds). Over exactly each round's load:
 * appends/s, p99, each server process's CPU (/proc ticks) and its main thread's context
 * switches, the PostgreSQL backends', the generators' and the machine's busy cores, from which
 * the cores 1.6 × one process's rate would need; and from PostgreSQL's statistics the appends per
 * committed batch (group commit) and the scans of the log's head per batch (lost
 * compare-and-sets read the head again). `apart` against `two` says what sharing one log costs;
 * `apart` against `one` what a second process costs on this machine whatever it shares.
 */
export async function run(): Promise<BenchResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'custody-bench-processes-'));
  const databases: TestDatabase[] = [];
  const servers: ServerProcess[] = [];
  try {
    for (let i = 0; i < 2; i++) databases.push(await benchDatabase());
    const [db, other] = databases as [TestDatabase, TestDatabase];
    const keyFile = join(dir, 'signing.key');
    generateKeyFile(keyFile, 'custody.bench/processes');
    const env = (database: TestDatabase) => ({
      DATABASE_URL: database.url,
      CUSTODY_KEY_FILE: keyFile,
      CUSTODY_ORIGIN: 'custody.bench/processes',
      CUSTODY_WEB_DIST: join(dir, 'no-web'),
      LOGIN_IP_MAX: '10000',
    });
    for (const s of await Promise.all(
      [db, db, other].map((d) => startProcess(['bench/serve-child.ts'], env(d), BANNER)),
    )) {
      servers.push(s);
    }
    const [one, two, three] = servers as [ServerProcess, ServerProcess, ServerProcess];
    const sessions = new Map<ServerProcess, Awaited<ReturnType<typeof signIn>>>();
    for (const s of servers) sessions.set(s, await signIn(s.url, 'bench'));
    const body = detention(new Date().toISOString());
    const postmaster = await postmasterOf(db);
    const ALL_CORES = `0-${String(cpus().length - 1)}`;
    const statsOf = async (databases: readonly TestDatabase[]) => {
      const all = await Promise.all(databases.map(logStats));
      return { moves: sum(all.map((x) => x.moves)), scans: sum(all.map((x) => x.scans)) };
    };
    const backendsOf = async (databases: readonly TestDatabase[]) =>
      (await Promise.all(databases.map(backends))).flat();

    let lastEnd = 0;
    const round = async (kind: Kind, seconds: number): Promise<Round> => {
      // The generators' targets, and the two processes whose CPU is measured.
      const alone = kind === 'one' || kind === 'core';
      const targets = alone ? [one, one] : [one, kind === 'two' ? two : three];
      const watched = alone ? [one, two] : targets;
      const held = () => [
        postmaster,
        ...childrenOf(postmaster),
        ...watched.map((s) => s.child.pid ?? 0),
      ];
      const serving = kind === 'apart' ? databases : [db];
      const pids = watched.map((s) => s.child.pid ?? 0);
      const loads = targets.map((s) => ({
        url: `${s.url}/api/v1/records`,
        connections: CLIENTS / 2,
        duration: seconds,
        method: 'POST' as const,
        headers: { ...sessions.get(s), 'content-type': 'application/json' },
        body,
      }));
      let stats0 = { moves: 0, scans: 0 };
      let pgBefore: number[] = [];
      const {
        runs,
        seconds: took,
        measured,
      } = await apartTogether(loads, async () => {
        // The generators are loaded; the statistics of the round before have had this long.
        await new Promise((resolve) => setTimeout(resolve, lastEnd + STATS_DELAY_MS - Date.now()));
        // Both databases: the next round's start ends this round's batches, whichever it serves.
        stats0 = await statsOf(databases);
        if (kind === 'core') hold(held(), HELD_CORE);
        pgBefore = await backendsOf(serving);
        const machine0 = machineTicks();
        const servers0 = ticksOf(pids);
        const switches0 = pids.map(switchesOf);
        const pg0 = ticksOf(pgBefore);
        return () => ({
          machine0,
          servers0,
          switches0,
          pg0,
          machine: machineTicks(),
          servers: ticksOf(pids),
          switches: pids.map(switchesOf),
        });
      });
      lastEnd = Date.now();
      // Every process again, the backends the pools opened meanwhile (on the held core) too.
      if (kind === 'core') hold(held(), ALL_CORES);
      const pgAfter = await backendsOf(serving);
      let pgTicks = 0;
      // A backend that ended meanwhile (a pool's idle connection) is left out: its ticks are gone.
      for (const [pid, t] of ticksOf(new Set([...pgBefore, ...pgAfter]))) {
        const before = measured.pg0.get(pid) ?? 0;
        if (t >= before) pgTicks += t - before;
      }
      const opened = pgAfter.filter((pid) => !pgBefore.includes(pid)).length;
      for (const r of runs) {
        if (r.run.non2xx > 0 || r.run.errors > 0) {
          throw new Error(`${r.run.non2xx} non-2xx and ${r.run.errors} failed appends`);
        }
      }
      const [a = 0, b = 0] = runs.map((r) => r.run.requests.total);
      const pair = (f: (i: number) => number): [number, number] => [f(0), f(1)];
      const busy = measured.machine.busy - measured.machine0.busy;
      const all = measured.machine.total - measured.machine0.total;
      return {
        kind,
        appends: alone ? [a + b, 0] : [a, b],
        rate: sum(runs.map((r) => r.run.requests.average)),
        p99: Math.max(...runs.map((r) => r.run.latency.p99)),
        serverMicros: pair(
          (i) =>
            ((measured.servers.get(pids[i] ?? 0) ?? 0) -
              (measured.servers0.get(pids[i] ?? 0) ?? 0)) *
            TICK_MICROS,
        ),
        switches: pair((i) => (measured.switches[i]?.all ?? 0) - (measured.switches0[i]?.all ?? 0)),
        preempted: pair(
          (i) => (measured.switches[i]?.preempted ?? 0) - (measured.switches0[i]?.preempted ?? 0),
        ),
        postgresMicros: pgTicks * TICK_MICROS,
        generatorMicros: sum(runs.map((r) => r.cpuMicros)),
        busyCores: (busy / Math.max(1, all)) * cpus().length,
        seconds: took,
        opened,
        load: loadavg()[0] ?? NaN,
        stats: stats0,
        batches: 0,
        headScans: 0,
      };
    };

    const show = (r: Round) => {
      const perAppend = (x: number, n: number) => (n > 0 ? (x / n).toFixed(0) : '-');
      const idle = r.kind === 'one' || r.kind === 'core';
      const n = (i: 0 | 1) => (idle ? r.appends[0] : r.appends[i]);
      console.error(
        `  ${r.kind}: ${r.rate.toFixed(0)} appends/s, p99 ${r.p99} ms; ` +
          `µs of CPU per append: ${perAppend(r.serverMicros[0], n(0))} + ` +
          `${perAppend(r.serverMicros[1], n(1))}${idle ? ' (idle)' : ''}, ` +
          `PostgreSQL ${perAppend(r.postgresMicros, total(r))}; context switches per append ` +
          `${(r.switches[0] / Math.max(1, n(0))).toFixed(2)} + ${(r.switches[1] / Math.max(1, n(1))).toFixed(2)} ` +
          `(preempted ${(r.preempted[0] / Math.max(1, n(0))).toFixed(3)} + ${(r.preempted[1] / Math.max(1, n(1))).toFixed(3)}); ` +
          `${(total(r) / Math.max(1, r.batches)).toFixed(1)} appends per batch, ` +
          `${(r.headScans / Math.max(1, r.batches)).toFixed(1)} head scans per batch; ` +
          `${r.opened} backends opened; ${r.busyCores.toFixed(2)} cores busy (load ${r.load.toFixed(2)})`,
      );
    };
    for (const kind of KINDS) await round(kind, WARM_SECONDS);
    for (const d of databases) await sql`VACUUM ANALYZE`.execute(d.db);
    // One, two, apart, one, ...: a process idle for two rounds (about 15 s) finds its pool's
    // connections closed (idle for 10 s); the backends it opens again are counted (`opened`).
    const rounds: Round[] = [];
    for (let i = 0; i < KINDS.length * ROUNDS; i++) {
      rounds.push(await round(KINDS[i % KINDS.length] as Kind, SECONDS));
    }
    await new Promise((resolve) => setTimeout(resolve, STATS_DELAY_MS));
    const end = await statsOf(databases);
    rounds.forEach((r, i) => {
      const next = rounds[i + 1]?.stats ?? end;
      r.batches = next.moves - r.stats.moves;
      r.headScans = next.scans - r.stats.scans;
      show(r);
    });
    const of = (kind: Kind) => rounds.filter((r) => r.kind === kind);
    const a = summary(of('one'));
    const b = summary(of('two'));
    const c = summary(of('apart'));
    const d = summary(of('core'));
    const pairs = (x: Kind, y: Kind) =>
      of(x)
        .map((r, i) => (r.rate / (of(y)[i]?.rate ?? NaN)).toFixed(2))
        .join(' ');
    const cores = cpus().length;
    // The cores 1.6 × one process's rate would keep busy, at what an append cost with two.
    const wanted = 1.6 * a.rate;
    const byMachine = (b.busyCores / b.rate) * wanted;
    const byServing = ((b.servers + b.postgres) / 1e6) * wanted;
    const line = (name: string, x: ReturnType<typeof summary>) =>
      `${name} ${x.rate.toFixed(0)}/s p99 ${x.p99} ms, server µs per append ${x.first.toFixed(0)} + ` +
      `${x.second.toFixed(0)}, PostgreSQL ${x.postgres.toFixed(0)}, switches ${x.switches.toFixed(2)} ` +
      `(preempted ${x.preempted.toFixed(3)}), ${x.perBatch.toFixed(1)} per batch, ` +
      `${x.headScans.toFixed(1)} head scans per batch, cores busy ${x.busyCores.toFixed(2)} ` +
      `(servers ${x.serverCores.toFixed(2)}, generators ${x.generatorCores.toFixed(2)})`;
    console.error(
      `processes: two/one ${(b.rate / a.rate).toFixed(2)} (pairs ${pairs('two', 'one')}), ` +
        `apart/one ${(c.rate / a.rate).toFixed(2)} (pairs ${pairs('apart', 'one')}), ` +
        `two/apart ${(b.rate / c.rate).toFixed(2)} (pairs ${pairs('two', 'apart')}); ` +
        `1.6 × one needs ${byMachine.toFixed(2)} cores (servers and PostgreSQL alone ${byServing.toFixed(2)}) of ${cores}\n` +
        `  ${line('one:', a)}\n  ${line('two:', b)}\n  ${line('apart:', c)}\n  ${line('one on one core:', d)}\n` +
        `  two processes on two cores / one on one core ${(b.rate / d.rate).toFixed(2)} (pairs ${pairs('two', 'core')}); ` +
        `one process on two cores / on one ${(a.rate / d.rate).toFixed(2)}`,
    );
    const label = 'http append 32 clients (postgres), two server processes vs one';
    const apart = 'http append 32 clients (postgres), two server processes on two databases';
    return [
      // The target: appends/s of two processes against one, the same clients, the same machine.
      result(`${label}: appends/s`, b.rate, 'req/s', a.rate),
      result(`${label}: p99`, b.p99, 'ms', a.p99),
      // Whether an append costs more with two (contention) or the same (bound by the cores).
      result(`${label}: server CPU per append, both processes`, b.servers, 'µs', a.first),
      result(`${label}: server CPU per append of process 1`, b.first, 'µs', a.first),
      result(`${label}: server CPU per append of process 2`, b.second, 'µs', a.first),
      // What the second process costs while it serves nothing: it follows the first's appends.
      result(
        `${label}: CPU of the idle process 2 per append of process 1`,
        a.second,
        'µs',
        a.first,
      ),
      result(`${label}: PostgreSQL's CPU per append`, b.postgres, 'µs', a.postgres),
      result(
        `${label}: context switches of the serving main threads per append`,
        b.switches,
        'switches',
        a.switches,
      ),
      result(
        `${label}: involuntary context switches per append`,
        b.preempted,
        'switches',
        a.preempted,
      ),
      // Group commit: a process batches the appends of its own clients only, and the two
      // processes' batches race for the log's head (a lost compare-and-set is planned again).
      result(`${label}: appends per committed batch`, b.perBatch, 'appends', a.perBatch),
      result(`${label}: scans of the log's head per batch`, b.headScans, 'scans', a.headScans),
      result(`${label}: cores of the server processes`, b.serverCores, 'cores', a.serverCores),
      result(`${label}: machine cores busy`, b.busyCores, 'cores', a.busyCores),
      // The cores 1.6 × one process's rate needs at two processes' cost per append: by all the
      // machine's busy time (generators and anything else running included), and by the servers'
      // and PostgreSQL backends' CPU alone; against the machine's cores.
      result(
        `${label}: cores needed for 1.6 × one, machine's busy time`,
        byMachine,
        'cores',
        cores,
      ),
      result(
        `${label}: cores needed for 1.6 × one, servers and PostgreSQL alone`,
        byServing,
        'cores',
        cores,
      ),
      // The same machine load without a shared log: against one process (what a second process
      // costs on this machine whatever it shares), and two on one log against it (what sharing
      // the log costs).
      result(`${apart} vs one process: appends/s`, c.rate, 'req/s', a.rate),
      result(
        `${apart} vs one process: server CPU per append, both processes`,
        c.servers,
        'µs',
        a.first,
      ),
      result(`${apart} vs one process: PostgreSQL's CPU per append`, c.postgres, 'µs', a.postgres),
      result(
        `${apart} vs one process: context switches of the serving main threads per append`,
        c.switches,
        'switches',
        a.switches,
      ),
      result(`${label}, one database vs two: appends/s`, b.rate, 'req/s', c.rate),
      result(
        `${label}, one database vs two: server CPU per append, both processes`,
        b.servers,
        'µs',
        c.servers,
      ),
      result(
        `${label}, one database vs two: PostgreSQL's CPU per append`,
        b.postgres,
        'µs',
        c.postgres,
      ),
    ];
  } finally {
    await Promise.all(servers.map(stop));
    for (const d of databases) await d.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}
