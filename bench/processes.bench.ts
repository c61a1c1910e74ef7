import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createUnit, createUser } from '../apps/server/src/accounts/index.ts';
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

/** One round of load: 16 clients to process 1 and 16 to process 1 (`two` false) or to process 2. */
interface Round {
  readonly two: boolean;
  /** Appends answered by each process: [all, 0] with one process. */
  readonly appends: readonly [number, number];
  /** Appends per second, both load generators together. */
  readonly rate: number;
  /** The higher of the two generators' p99 (that of all requests lies between theirs), ms. */
  readonly p99: number;
  /** CPU time of process 1 and process 2 over the load, µs. */
  readonly serverMicros: readonly [number, number];
  /** CPU time of the PostgreSQL backends serving the database (not the WAL writer's), µs. */
  readonly postgresMicros: number;
  /** CPU time of the two load generators' processes, µs. */
  readonly generatorMicros: number;
  /** The machine's cores busy over the load (every process on it). */
  readonly busyCores: number;
  readonly seconds: number;
  /** Batches committed (moves of the log's head) and scans of the head's row (PostgreSQL's statistics). */
  batches: number;
  headScans: number;
  /** The log's statistics at the start of the round (its batches: up to the next one's). */
  readonly stats: Awaited<ReturnType<typeof logStats>>;
  /** PostgreSQL backends opened during the round (the pools' connections closed when idle). */
  readonly opened: number;
  /** The machine's load average (1 minute) at the end of the round. */
  readonly load: number;
}

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
const total = (r: Round) => r.appends[0] + r.appends[1];

async function stop(server: ServerProcess): Promise<void> {
  const timer = setTimeout(() => {
    server.child.kill('SIGKILL');
  }, 15_000);
  await server.stop();
  clearTimeout(timer);
}

/** The figures of the rounds of one kind (one process, or two). */
function summary(rounds: readonly Round[], two: boolean) {
  const appends = sum(rounds.map(total));
  const seconds = sum(rounds.map((r) => r.seconds));
  const first = sum(rounds.map((r) => r.serverMicros[0]));
  const second = sum(rounds.map((r) => r.serverMicros[1]));
  const postgres = sum(rounds.map((r) => r.postgresMicros));
  return {
    rate: median(rounds.map((r) => r.rate)),
    p99: median(rounds.map((r) => r.p99)),
    /** CPU per append of each process: of those it answered (the second's per append of the first with one). */
    first: first / Math.max(1, sum(rounds.map((r) => r.appends[0]))),
    second: second / Math.max(1, sum(rounds.map((r) => r.appends[two ? 1 : 0]))),
    servers: (first + second) / Math.max(1, appends),
    postgres: postgres / Math.max(1, appends),
    serverCores: (first + second) / 1e6 / seconds,
    generatorCores: sum(rounds.map((r) => r.generatorMicros)) / 1e6 / seconds,
    busyCores: median(rounds.map((r) => r.busyCores)),
    perBatch: appends / Math.max(1, sum(rounds.map((r) => r.batches))),
    headScans: sum(rounds.map((r) => r.headScans)) / Math.max(1, sum(rounds.map((r) => r.batches))),
  };
}

/**
 * Two PostgreSQL server processes against one (issue 18, point 4: two processes ≥ 1.6 × one):
 * one fresh PostgreSQL database, the data set and clients of `http append 32 clients
 * (postgres)` (one unit, one detaining officer, 32 clients opening records), served by two real
 * server processes (`serve-child.ts`: `npm start`'s server without its request log, started as
 * the multi-process suite starts them). Each round sends 16 clients from one load generator
 * process and 16 from another, each generator with its own session: with one process both go to
 * process 1 (process 2 runs idle, following the log as a second process does), with two one goes
 * to each. The rounds alternate (one, two, one, two, ...) so that both see the same machine.
 * Over exactly each round's load: appends/s, p99, each server process's CPU (/proc ticks), the
 * PostgreSQL backends', the generators' and the machine's busy cores, from which the cores 1.6 ×
 * one process's rate would need; and from PostgreSQL's statistics the appends per committed
 * batch (group commit) and the scans of the log's head per batch (lost compare-and-sets read the
 * head again), which say whether an append costs more with two processes and why.
 */
export async function run(): Promise<BenchResult[]> {
  const db: TestDatabase = await freshPostgres();
  const dir = mkdtempSync(join(tmpdir(), 'custody-bench-processes-'));
  const servers: ServerProcess[] = [];
  try {
    await migrate(db, allMigrations);
    const unit = await createUnit(db, { name: 'Bench', code: 'B1' });
    await createUser(db, {
      username: 'bench',
      password: PASSWORD,
      displayName: 'Bench',
      role: 'detaining_officer',
      unitId: unit.id,
    });
    const keyFile = join(dir, 'signing.key');
    generateKeyFile(keyFile, 'custody.bench/processes');
    const env = {
      DATABASE_URL: db.url,
      CUSTODY_KEY_FILE: keyFile,
      CUSTODY_ORIGIN: 'custody.bench/processes',
      CUSTODY_WEB_DIST: join(dir, 'no-web'),
      LOGIN_IP_MAX: '10000',
    };
    for (const s of await Promise.all(
      [0, 1].map(() => startProcess(['bench/serve-child.ts'], env, BANNER)),
    )) {
      servers.push(s);
    }
    const [one, two] = servers as [ServerProcess, ServerProcess];
    const pids = [one, two].map((s) => s.child.pid ?? 0);
    const sessions = [await signIn(one.url, 'bench'), await signIn(two.url, 'bench')];
    const body = detention(new Date().toISOString());

    let lastEnd = 0;
    const round = async (twoProcesses: boolean, seconds: number): Promise<Round> => {
      const targets = [one, twoProcesses ? two : one];
      const loads = targets.map((s, i) => ({
        url: `${s.url}/api/v1/records`,
        connections: CLIENTS / 2,
        duration: seconds,
        method: 'POST' as const,
        headers: { ...sessions[i], 'content-type': 'application/json' },
        body,
      }));
      let stats0 = { leaves: 0, moves: 0, scans: 0 };
      let pgBefore: number[] = [];
      const {
        runs,
        seconds: took,
        measured,
      } = await apartTogether(loads, async () => {
        // The generators are loaded; the statistics of the round before have had this long.
        await new Promise((resolve) => setTimeout(resolve, lastEnd + STATS_DELAY_MS - Date.now()));
        stats0 = await logStats(db);
        pgBefore = await backends(db);
        const machine0 = machineTicks();
        const servers0 = ticksOf(pids);
        const pg0 = ticksOf(pgBefore);
        return () => ({ machine0, servers0, pg0, machine: machineTicks(), servers: ticksOf(pids) });
      });
      lastEnd = Date.now();
      const pgAfter = await backends(db);
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
      const answered = runs.map((r) => r.run.requests.total);
      const [a = 0, b = 0] = answered;
      const serverMicros = pids.map(
        (pid) =>
          ((measured.servers.get(pid) ?? 0) - (measured.servers0.get(pid) ?? 0)) * TICK_MICROS,
      );
      const busy = measured.machine.busy - measured.machine0.busy;
      const all = measured.machine.total - measured.machine0.total;
      return {
        two: twoProcesses,
        appends: twoProcesses ? [a, b] : [a + b, 0],
        rate: sum(runs.map((r) => r.run.requests.average)),
        p99: Math.max(...runs.map((r) => r.run.latency.p99)),
        serverMicros: [serverMicros[0] ?? 0, serverMicros[1] ?? 0],
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
      const perAppend = (micros: number, n: number) => (n > 0 ? (micros / n).toFixed(0) : '-');
      console.error(
        `  ${r.two ? 'two' : 'one'}: ${r.rate.toFixed(0)} appends/s, p99 ${r.p99} ms; ` +
          `µs of CPU per append: process 1 ${perAppend(r.serverMicros[0], r.appends[0])}, ` +
          `process 2 ${perAppend(r.serverMicros[1], r.two ? r.appends[1] : r.appends[0])}` +
          `${r.two ? '' : ' (idle)'}, PostgreSQL ${perAppend(r.postgresMicros, total(r))}; ` +
          `${(total(r) / Math.max(1, r.batches)).toFixed(1)} appends per batch, ` +
          `${(r.headScans / Math.max(1, r.batches)).toFixed(1)} head scans per batch; ` +
          `${r.opened} backends opened; ${r.busyCores.toFixed(2)} cores busy (load ${r.load.toFixed(2)})`,
      );
    };
    await round(false, WARM_SECONDS);
    await round(true, WARM_SECONDS);
    // One, two, one, two ...: process 2's pool closes connections idle for 10 s, which a gap of
    // two rounds of one process would pass.
    const rounds: Round[] = [];
    for (let i = 0; i < 2 * ROUNDS; i++) rounds.push(await round(i % 2 === 1, SECONDS));
    await new Promise((resolve) => setTimeout(resolve, STATS_DELAY_MS));
    const end = await logStats(db);
    rounds.forEach((r, i) => {
      const next = rounds[i + 1]?.stats ?? end;
      r.batches = next.moves - r.stats.moves;
      r.headScans = next.scans - r.stats.scans;
      show(r);
    });
    const ones = rounds.filter((r) => !r.two);
    const twos = rounds.filter((r) => r.two);
    const a = summary(ones, false);
    const b = summary(twos, true);
    const pairs = twos.map((r, i) => r.rate / (ones[i]?.rate ?? NaN));
    const cores = cpus().length;
    // The cores 1.6 × one process's rate would keep busy, at what an append cost with two.
    const wanted = 1.6 * a.rate;
    const byMachine = (b.busyCores / b.rate) * wanted;
    const byServing = ((b.servers + b.postgres) / 1e6) * wanted;
    console.error(
      `processes: two/one ${(b.rate / a.rate).toFixed(2)} (pairs ${pairs.map((x) => x.toFixed(2)).join(' ')}); ` +
        `one ${a.rate.toFixed(0)}/s p99 ${a.p99} ms, two ${b.rate.toFixed(0)}/s p99 ${b.p99} ms; ` +
        `server µs per append: one ${a.first.toFixed(0)} (idle second ${a.second.toFixed(0)}), ` +
        `two ${b.first.toFixed(0)} + ${b.second.toFixed(0)}; PostgreSQL ${a.postgres.toFixed(0)} → ${b.postgres.toFixed(0)}; ` +
        `appends per batch ${a.perBatch.toFixed(1)} → ${b.perBatch.toFixed(1)}, ` +
        `head scans per batch ${a.headScans.toFixed(1)} → ${b.headScans.toFixed(1)}; ` +
        `cores busy ${a.busyCores.toFixed(2)} → ${b.busyCores.toFixed(2)} of ${cores} ` +
        `(servers ${a.serverCores.toFixed(2)} → ${b.serverCores.toFixed(2)}, ` +
        `generators ${a.generatorCores.toFixed(2)} → ${b.generatorCores.toFixed(2)}); ` +
        `1.6 × one needs ${byMachine.toFixed(2)} cores (servers and PostgreSQL alone ${byServing.toFixed(2)})`,
    );
    const label = 'http append 32 clients (postgres), two server processes vs one';
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
    ];
  } finally {
    await Promise.all(servers.map(stop));
    await db.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}
