import { fork } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { loadConfig, type AppConfig } from '../apps/server/src/config.ts';
import type { DialectName } from '../apps/server/src/db/database.ts';
import { serve, type Running } from '../apps/server/src/ops/serve.ts';
import { freshDatabase } from '../apps/server/test/databases.ts';
import { result, type BenchResult } from './result.ts';

/** `BENCH_HTTP_SECONDS`: the length of each autocannon run. */
export const DURATION = Number(process.env['BENCH_HTTP_SECONDS'] ?? 10);
/** `BENCH_DIALECTS=sqlite` (or `postgres`) measures one database only. */
export const DIALECTS = (process.env['BENCH_DIALECTS'] ?? 'sqlite,postgres').split(
  ',',
) as DialectName[];

type Options = Parameters<typeof autocannon>[0];

const here = dirname(fileURLToPath(import.meta.url));

/**
 * autocannon in one worker thread: the benchmarks serve the app in this process, and requests
 * sent from its own event loop would take turns with the server they measure.
 */
export function hammer(options: Options): ReturnType<typeof autocannon> {
  return autocannon({ ...options, workers: 1 });
}

/**
 * autocannon's latency histogram keeps whole milliseconds, so a sub-millisecond baseline (say
 * GET /healthz on an idle machine) reads 0; as the divisor of a ratio it counts as 1 ms.
 */
export const atLeastOneMs = (ms: number): number => Math.max(ms, 1);

type Run = Awaited<ReturnType<typeof autocannon>>;

/** `BENCH_CPU_PROFILE=<dir>`: each profiled run writes a V8 CPU profile of the server's thread. */
const PROFILE_DIR = process.env['BENCH_CPU_PROFILE'];

/**
 * {@link hammer}, and with `BENCH_CPU_PROFILE` set a CPU profile of this thread (the server's:
 * autocannon runs in its worker) over exactly that run, as `<dir>/<label>.cpuprofile`, to be
 * opened in Chrome DevTools or summarised with `bench/profile-summary.ts`.
 */
export function profiled(label: string, options: Options): Promise<Run> {
  return profiledWith(label, () => hammer(options));
}

/** {@link profiled} around any run of load (`go`), say {@link apartHammer}'s. */
export async function profiledWith<T>(label: string, go: () => Promise<T>): Promise<T> {
  if (PROFILE_DIR === undefined || PROFILE_DIR === '') return go();
  const session = new Session();
  session.connect();
  try {
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 250 });
    await session.post('Profiler.start');
    const run = await go();
    const { profile } = await session.post('Profiler.stop');
    mkdirSync(PROFILE_DIR, { recursive: true });
    const file = join(PROFILE_DIR, `${label.replace(/[^\w.-]+/g, '-')}.cpuprofile`);
    writeFileSync(file, JSON.stringify(profile));
    console.error(`  CPU profile of ${label}: ${file}`);
    return run;
  } finally {
    session.disconnect();
  }
}

/** A run of {@link apartHammer}: autocannon's result and the CPU each side spent on it. */
export interface ApartRun {
  readonly run: Run;
  /** CPU time of this process (the server: every thread of it) from the first request to the result. */
  readonly serverMicros: number;
  /** CPU time of the load generator's process over its run. */
  readonly generatorMicros: number;
  /** Wall-clock time of the run, seconds. */
  readonly seconds: number;
  /** The share of the run this process's event loop (the server's) was busy: 1 is never idle. */
  readonly eventLoopBusy: number;
}

/** What `load-child.ts` says over IPC: loaded, load started, load done. */
type ChildMessage =
  { kind: 'ready' } | { kind: 'started' } | { kind: 'done'; result: Run; cpuMicros: number };

const forkGenerator = () =>
  fork(join(here, 'load-child.ts'), [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });

/**
 * autocannon in a child process (`load-child.ts`) instead of a worker thread of this one, so
 * that `process.cpuUsage()` of this process over the run is the server's CPU alone (its event
 * loop, libuv's thread pool, V8's helper threads), whatever else the machine runs: the figure a
 * loaded machine changes least.
 */
export function apartHammer(options: Options): Promise<ApartRun> {
  const child = forkGenerator();
  return new Promise((resolve, reject) => {
    let before = process.cpuUsage();
    let started = performance.now();
    let elu = performance.eventLoopUtilization();
    child.on('message', (m: ChildMessage) => {
      if (m.kind === 'ready') return;
      if (m.kind === 'started') {
        before = process.cpuUsage();
        started = performance.now();
        elu = performance.eventLoopUtilization();
        return;
      }
      const used = process.cpuUsage(before);
      resolve({
        run: m.result,
        serverMicros: used.user + used.system,
        generatorMicros: m.cpuMicros,
        seconds: (performance.now() - started) / 1000,
        eventLoopBusy: performance.eventLoopUtilization(elu).utilization,
      });
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code !== 0) reject(new Error(`load generator exited with ${String(code)}`));
    });
    child.send(options);
  });
}

/** One load generator's part of an {@link apartTogether} run: autocannon's result, its CPU. */
export interface GeneratorRun {
  readonly run: Run;
  /** CPU time of the generator's process over its run. */
  readonly cpuMicros: number;
}

/**
 * Several load generators at once, each in a child process of its own (`load-child.ts`), as
 * {@link apartHammer} runs one: all are forked and loaded first; then `before()` is awaited and
 * every generator is sent its options in the same turn, so that they start together; once all
 * are done, the function `before` returned is called. The caller snapshots there what it
 * measures over exactly the load (CPU ticks of server processes, the machine's busy time),
 * without the generators' start-up. `seconds`: from the options sent to the last result.
 */
export async function apartTogether<M>(
  list: readonly Options[],
  before: () => Promise<() => M>,
): Promise<{ runs: GeneratorRun[]; seconds: number; measured: M }> {
  const children = list.map(() => forkGenerator());
  try {
    const watched = children.map((child) => {
      let loaded: () => void = () => undefined;
      const ready = new Promise<void>((resolve) => {
        loaded = resolve;
      });
      const done = new Promise<GeneratorRun>((resolve, reject) => {
        child.on('message', (m: ChildMessage) => {
          if (m.kind === 'ready') loaded();
          if (m.kind === 'done') resolve({ run: m.result, cpuMicros: m.cpuMicros });
        });
        child.once('error', reject);
        child.once('exit', (code) => {
          reject(new Error(`load generator exited with ${String(code)}`));
        });
      });
      // A generator that fails before it is loaded ends the wait for the others.
      return { ready: Promise.race([ready, done.then(() => undefined)]), done };
    });
    await Promise.all(watched.map((w) => w.ready));
    const end = await before();
    const started = performance.now();
    children.forEach((child, i) => child.send(list[i] as Options));
    const runs = await Promise.all(watched.map((w) => w.done));
    const seconds = (performance.now() - started) / 1000;
    return { runs, seconds, measured: end() };
  } finally {
    for (const child of children) {
      if (child.exitCode === null && child.signalCode === null) child.kill();
    }
  }
}

/** Busy and total CPU time of the whole machine (every core, every process) in clock ticks. */
export function machineTicks(): { busy: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
  const fields = line.trim().split(/\s+/).slice(1).map(Number);
  const total = fields.reduce((a, b) => a + b, 0);
  const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
  return { busy: total - idle, total };
}

/**
 * Runs `f` and says how many of the machine's cores were busy meanwhile (all processes: the
 * server, the load generator, PostgreSQL, and anything else running), and how much CPU this
 * process (the server and its load generator thread) spent per second: what bounds a second
 * server process on the same machine.
 */
export async function withCpu<T>(
  f: () => Promise<T>,
): Promise<{ value: T; busyCores: number; cores: number; processCores: number }> {
  const before = machineTicks();
  const usage = process.cpuUsage();
  const started = performance.now();
  const value = await f();
  const seconds = (performance.now() - started) / 1000;
  const after = machineTicks();
  const used = process.cpuUsage(usage);
  const cores = cpus().length;
  return {
    value,
    busyCores: ((after.busy - before.busy) / Math.max(1, after.total - before.total)) * cores,
    cores,
    processCores: (used.user + used.system) / 1e6 / seconds,
  };
}

/** Requests per second, p50 and p99 of a route's run against the baseline run of the same server. */
export function httpFigures(label: string, measured: Run, base: Run): BenchResult[] {
  return [
    result(label, measured.requests.average, 'req/s', base.requests.average),
    result(`${label} p50`, measured.latency.p50, 'ms', atLeastOneMs(base.latency.p50)),
    result(`${label} p99`, measured.latency.p99, 'ms', atLeastOneMs(base.latency.p99)),
  ];
}

/**
 * Runs `measure` against the real app (`serve()`, as `npm start` does) on a fresh database of
 * `dialect`, demo off and sign-in throttling out of the way (`measure` is given the database's
 * URL too); then stops it and drops the database and its key directory. `now` freezes the
 * server's clock; `config` overrides settings. `again` stops the server and serves the same
 * database anew with further settings (e.g. a feature off), for figures of both in one run.
 */
export async function onServedApp<T>(
  dialect: DialectName,
  measure: (
    running: Running,
    databaseUrl: string,
    again: (config: Partial<AppConfig>) => Promise<Running>,
  ) => Promise<T>,
  options: { now?: number; config?: Partial<AppConfig> } = {},
): Promise<T> {
  const { now } = options;
  const db = await freshDatabase(dialect);
  const dir = mkdtempSync(join(tmpdir(), 'custody-bench-'));
  const config = {
    ...loadConfig({ CUSTODY_DEMO: '0', PORT: '0', LOGIN_IP_MAX: '10000' }),
    databaseUrl: db.url,
    keyFile: join(dir, 'k.key'),
    ...options.config,
  };
  const clock = now === undefined ? {} : { now: () => new Date(now) };
  let running = await serve(config, clock);
  try {
    return await measure(running, db.url, async (over) => {
      await running.close();
      running = await serve({ ...config, ...over }, clock);
      return running;
    });
  } finally {
    await running.close();
    await db.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The figures of every dialect in `DIALECTS`, one after the other. */
export async function perDialect(
  figures: (dialect: DialectName) => Promise<BenchResult[]>,
): Promise<BenchResult[]> {
  const out: BenchResult[] = [];
  for (const d of DIALECTS) out.push(...(await figures(d)));
  return out;
}

/** The server's CPU per answered request of one run, µs. */
export function cpuPerRequest(r: ApartRun): number {
  return r.serverMicros / Math.max(1, r.run.requests.total);
}
