import { sql } from 'kysely';
import { createUnit, createUser } from '../apps/server/src/accounts/index.ts';
import type { Database, DialectName } from '../apps/server/src/db/database.ts';
import {
  DURATION,
  apartHammer,
  cpuPerRequest,
  httpFigures,
  onServedApp,
  perDialect,
  profiledWith,
  withCpu,
} from './load-generator.ts';
import { median, result, type BenchResult } from './result.ts';
import { PASSWORD, backends, detention, signIn, ticksOf } from './append-load.ts';
import { commitMark, commitsSince } from './commit-timer.ts';

/** `BENCH_HTTP_CPU_ROUNDS`: pairs of short /healthz and append windows for the CPU figures. */
const CPU_ROUNDS = Number(process.env['BENCH_HTTP_CPU_ROUNDS'] ?? 5);
const CPU_WINDOW_SECONDS = 2;

type Load = Parameters<typeof apartHammer>[0];

/**
 * The server's CPU per request of the append and of /healthz in short windows taken in turn
 * (`CPU_ROUNDS` pairs of `CPU_WINDOW_SECONDS` each), as the medians of each: what else the
 * machine does changes within a minute, and a ratio of one long window of each, a minute apart,
 * moved by ±30 % between runs of the same code on a loaded machine (docs/benchmarks.md).
 */
async function cpuInTurns(
  append: Load,
  healthz: Load,
): Promise<{ append: number; healthz: number; ratios: number[] }> {
  const a: number[] = [];
  const h: number[] = [];
  for (let i = 0; i < CPU_ROUNDS; i++) {
    h.push(cpuPerRequest(await apartHammer({ ...healthz, duration: CPU_WINDOW_SECONDS })));
    a.push(cpuPerRequest(await apartHammer({ ...append, duration: CPU_WINDOW_SECONDS })));
  }
  return { append: median(a), healthz: median(h), ratios: a.map((x, i) => x / (h[i] ?? NaN)) };
}

/**
 * What PostgreSQL's statistics say the database did so far: rows it read (returned by scans and
 * fetched by index), rows inserted, and the log's leaves inserted. Counts reach the statistics up
 * to a second after a transaction; the caller waits that long.
 */
async function postgresRows(database: Database) {
  const { rows } = await sql<{ read: string; written: string; leaves: string }>`
    SELECT d.tup_returned + d.tup_fetched AS read, d.tup_inserted AS written,
      (SELECT n_tup_ins FROM pg_stat_user_tables WHERE relname = 'log_leaves') AS leaves
    FROM pg_stat_database d WHERE d.datname = current_database()`.execute(database.db);
  const row = rows[0];
  return { read: Number(row?.read), written: Number(row?.written), leaves: Number(row?.leaves) };
}

/**
 * PostgreSQL's side of an append run (`go`): the CPU of the backends serving the database per
 * append (against the server's; the WAL writer and checkpointer, shared by every database of
 * the server, are not counted), and the rows it read per append against those it wrote. A plan
 * that scans a table whole instead of reading one row by its key shows here first: a cached plan
 * that scanned the summaries read 5,300 rows per append after 7,400 records (docs/benchmarks.md).
 */
async function postgresSide<T>(database: Database, go: () => Promise<T>) {
  const settle = () => new Promise((resolve) => setTimeout(resolve, 1500));
  const rows0 = await postgresRows(database);
  const pids0 = await backends(database);
  const ticks0 = ticksOf(pids0);
  const value = await go();
  const pids = new Set([...pids0, ...(await backends(database))]);
  let ticks = 0;
  for (const [pid, t] of ticksOf(pids)) ticks += t - (ticks0.get(pid) ?? 0);
  await settle();
  const rows1 = await postgresRows(database);
  const leaves = Math.max(1, rows1.leaves - rows0.leaves);
  return {
    value,
    cpuMicrosTotal: ticks * 10_000,
    readPerAppend: (rows1.read - rows0.read) / leaves,
    writtenPerAppend: (rows1.written - rows0.written) / leaves,
  };
}

/**
 * HTTP append (open a record, one leaf) with 32 clients vs GET /healthz of the same server. The
 * load generator runs in a process of its own, so that this process's CPU time over each run is
 * the server's: its CPU per append against its CPU per /healthz request, and appends per second
 * of one server core, change far less with the machine's load than the rates do (the generator
 * shares the machine's cores with the server, and so does anything else running).
 */
function figures(dialect: DialectName): Promise<BenchResult[]> {
  return onServedApp(dialect, async (running) => {
    const unit = await createUnit(running.database, { name: 'Bench', code: 'B1' });
    await createUser(running.database, {
      username: 'bench',
      password: PASSWORD,
      displayName: 'Bench',
      role: 'detaining_officer',
      unitId: unit.id,
    });
    const headers = await signIn(running.url, 'bench');
    const healthz: Load = { url: `${running.url}/healthz`, connections: 32, duration: DURATION };
    const appendLoad: Load = {
      url: `${running.url}/api/v1/records`,
      connections: 32,
      duration: DURATION,
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: detention(new Date().toISOString()),
    };
    const base = await apartHammer(healthz);
    const mark = commitMark();
    const hammered = () =>
      withCpu(() => profiledWith(`append-${dialect}`, () => apartHammer(appendLoad)));
    const side = dialect === 'postgres' ? await postgresSide(running.database, hammered) : null;
    const measured = side?.value ?? (await hammered());
    const committed = commitsSince(mark);
    const append = measured.value;
    const [appendElu, healthzElu] = [append.eventLoopBusy, base.eventLoopBusy];
    if (append.run.non2xx > 0 || append.run.errors > 0) {
      throw new Error(
        `${dialect}: ${append.run.non2xx} non-2xx and ${append.run.errors} failed appends`,
      );
    }
    const label = `http append 32 clients (${dialect})`;
    const a = cpuPerRequest(append);
    const h = cpuPerRequest(base);
    const cpu = await cpuInTurns(appendLoad, healthz);
    const serverCores = append.serverMicros / 1e6 / append.seconds;
    const generatorCores = append.generatorMicros / 1e6 / append.seconds;
    console.error(
      `${dialect}: ${append.run.requests.total} appends, server ${a.toFixed(0)} µs CPU each ` +
        `(/healthz ${h.toFixed(0)} µs), ${serverCores.toFixed(2)} server cores, ` +
        `${generatorCores.toFixed(2)} generator cores, ${measured.busyCores.toFixed(2)} machine cores busy, ` +
        `event loop ${appendElu.toFixed(2)} busy (/healthz ${healthzElu.toFixed(2)}), ` +
        `${committed.commits} COMMITs on it, ${committed.ms.toFixed(0)} ms in them; ` +
        `in turns: ${cpu.append.toFixed(0)} µs per append, ${cpu.healthz.toFixed(0)} µs per /healthz, ` +
        `ratios ${cpu.ratios.map((r) => r.toFixed(1)).join(' ')}`,
    );
    // SQLite's COMMIT (the WAL's fsync) runs on the server's thread: the time it held the event
    // loop per second of the run, against the second (what a write connection on a thread of its
    // own could give back), and the appends each commit carried (group commit).
    const onLoop =
      dialect === 'sqlite' && committed.commits > 0
        ? [
            result(
              `${label}: event loop blocked in COMMIT`,
              committed.ms / append.seconds,
              'ms/s',
              1000,
            ),
            result(
              `${label}: appends per COMMIT`,
              append.run.requests.total / committed.commits,
              'appends',
              1,
            ),
          ]
        : [];
    return [
      // The headline: what one append costs the server against what /healthz costs it, in
      // short windows taken in turn (medians); and the same over the long windows below.
      result(`${label}: server CPU per append vs per /healthz`, cpu.append, 'µs', cpu.healthz),
      result(
        `${label}: appends per server core-second`,
        1e6 / cpu.append,
        'req/core-s',
        1e6 / cpu.healthz,
      ),
      result(`${label}: server CPU per append vs per /healthz, long windows`, a, 'µs', h),
      ...httpFigures(label, append.run, base.run),
      // How busy the server's event loop was (1: never idle), against /healthz's run.
      result(`${label}: server event loop utilisation`, appendElu, 'of 1', healthzElu),
      ...onLoop,
      // What bounds a second server process: the cores the machine had busy in this run (of all
      // of them), those the server's process used, and those its load generator used.
      result(`${label}: machine cores busy`, measured.busyCores, 'cores', measured.cores),
      result(`${label}: cores of the server process`, serverCores, 'cores', measured.cores),
      result(`${label}: cores of the load generator`, generatorCores, 'cores', measured.cores),
      ...(side === null
        ? []
        : [
            result(
              `${label}: PostgreSQL's CPU per append vs the server's`,
              side.cpuMicrosTotal / Math.max(1, append.run.requests.total),
              'µs',
              a,
            ),
            result(
              `${label}: rows PostgreSQL read per append vs rows it wrote`,
              side.readPerAppend,
              'rows',
              side.writtenPerAppend,
            ),
          ]),
    ];
  });
}

export function run(): Promise<BenchResult[]> {
  return perDialect(figures);
}
