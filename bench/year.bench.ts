import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { sql } from 'kysely';
import { verifierFromVkey } from '../packages/ledger/src/index.ts';
import { base32Decode, totp } from '../apps/server/src/accounts/totp.ts';
import { isPostgresUrl, openDatabase, type DialectName } from '../apps/server/src/db/database.ts';
import { DEMO_PASSWORD, DEMO_TOTP_SECRET } from '../apps/server/src/demo/demo-staff.ts';
import { backupDatabase, restoreDatabase } from '../apps/server/src/ops/backup.ts';
import { readSigner } from '../apps/server/src/ops/keys.ts';
import { loadConfig } from '../apps/server/src/config.ts';
import { custodySettingsOf, serve, type Running } from '../apps/server/src/ops/serve.ts';
import { storeFinalFindings } from '../apps/server/src/reports/stored-findings.ts';
import { verifyLog } from '../apps/server/src/store/index.ts';
import { freshDatabase, freshPostgres } from '../apps/server/test/databases.ts';
import { DIALECTS } from './load-generator.ts';
import { generateYear, memory, type YearData } from './national-year.ts';
import { measureYearReport } from './year-report.ts';
import { result, type BenchResult } from './result.ts';

/** `BENCH_YEAR_ENTRIES=100000,1000000,10000000`: the sizes of the log, one fresh database each. */
const SIZES = (process.env['BENCH_YEAR_ENTRIES'] ?? '100000').split(',').map(Number);
/** Requests per latency figure and concurrent clients (`BENCH_YEAR_REQUESTS`, `_CLIENTS`). */
const REQUESTS = Number(process.env['BENCH_YEAR_REQUESTS'] ?? 400);
const CLIENTS = Number(process.env['BENCH_YEAR_CLIENTS'] ?? 4);
/** Record page requests sent and timed apart before its figures (the route's first ones). */
const WARM_PAGES = 50;
/**
 * `BENCH_YEAR_KEEP=1`: the generated database (SQLite file or PostgreSQL database) and its
 * signing key are kept in a directory of their own, whose path is printed, for
 * `BENCH_YEAR_REUSE=<that directory>`: measure a kept year again without generating it (the
 * samples are then drawn from the database; generation, rebuild and findings are not measured).
 */
const KEEP = process.env['BENCH_YEAR_KEEP'] === '1';
const REUSE = process.env['BENCH_YEAR_REUSE'] ?? '';
/**
 * `BENCH_YEAR_FINDINGS=1` with BENCH_YEAR_REUSE: first store the closed records' findings as
 * `custody rebuild-projections` does (a year kept by an older version lacks what a newer one
 * stores with them, such as the list's clock of migration 0360); timed and logged, not a figure.
 */
const FINDINGS = process.env['BENCH_YEAR_FINDINGS'] === '1';
/** `BENCH_YEAR_SKIP=latency,counts,report,verify,backup`: figures not to measure this time. */
const SKIP = new Set((process.env['BENCH_YEAR_SKIP'] ?? '').split(',').filter((x) => x !== ''));
/**
 * `BENCH_YEAR_REPORT_SECONDS` (default 600): how long the whole year's compliance report may
 * take before it is given up (at 10^7 it is ~800 MB of JSON, beyond a string's limit in V8).
 */
const REPORT_SECONDS = Number(process.env['BENCH_YEAR_REPORT_SECONDS'] ?? 600);
const DAY = 24 * 3600 * 1000;
/** A report answer parsed to count its units only below this size. */
const PARSE_LIMIT = 64 * 2 ** 20;

/** What a kept year's directory holds beside the SQLite file and the key (`year.json`). */
interface KeptYear {
  readonly dialect: DialectName;
  readonly url: string;
  readonly keyFile: string;
  /** The generation's present: the server's clock is frozen there again when it is reused. */
  readonly now: number;
  readonly entries: number;
  /** Times measured again: each reuse's clock is a minute later (HQ's TOTP code is used once). */
  readonly reused?: number;
}

/** A record to query: its id, and what the search looks it up by. */
interface Sampled {
  readonly recordId: string;
  readonly name: string;
  readonly custodyNumber: string;
}

/** The records and the unit to measure, drawn by the generator or from a kept database. */
interface Samples {
  readonly busyUnitId: string;
  readonly busySample: readonly Sampled[];
  readonly sample: readonly Sampled[];
}

/** The machine's load and this process's memory, for every phase's progress line. */
const state = (): string =>
  `load ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}; ${memory()}`;

/**
 * Sends `urls` in turn from `clients` concurrent loops in a worker thread (the server runs on
 * this thread's event loop) and returns each request's latency in ms. A non-2xx fails the run.
 * Each loop first sends one `GET /healthz`, not timed: a new worker's first `fetch` loads and
 * compiles its HTTP client and opens the loop's connection (17-101 ms of the client's own on
 * machine G), and those first requests, one per loop, were 4 of the 4 slowest of 400 whose p99
 * is the 4th slowest (docs/benchmarks.md, "The record page's fixed cost").
 */
function sample(urls: readonly string[], headers: Record<string, string>): Promise<number[]> {
  const code = `
    const { parentPort, workerData } = require('node:worker_threads');
    const { urls, headers, clients } = workerData;
    let next = 0;
    const times = [];
    async function loop() {
      if (urls.length > 0) await (await fetch(new URL('/healthz', urls[0]))).arrayBuffer();
      while (next < urls.length) {
        const url = urls[next++];
        const t = performance.now();
        const r = await fetch(url, { headers });
        await r.arrayBuffer();
        if (!r.ok) throw new Error(url + ': ' + r.status);
        times.push(performance.now() - t);
      }
    }
    Promise.all(Array.from({ length: clients }, loop)).then(
      () => parentPort.postMessage({ times }),
      (e) => parentPort.postMessage({ error: String(e) }),
    );`;
  return new Promise((resolve, reject) => {
    const w = new Worker(code, {
      eval: true,
      execArgv: [],
      workerData: { urls, headers, clients: CLIENTS },
    });
    w.once('message', (m: { times?: number[]; error?: string }) => {
      void w.terminate();
      if (m.error !== undefined) reject(new Error(m.error));
      else resolve(m.times ?? []);
    });
    w.once('error', reject);
  });
}

function p(times: readonly number[], q: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
}

async function signIn(url: string, username: string, now: number, withTotp: boolean) {
  const r = await fetch(`${url}/api/v1/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      username,
      password: DEMO_PASSWORD,
      ...(withTotp ? { totp: totp(base32Decode(DEMO_TOTP_SECRET), new Date(now)) } : {}),
    }),
  });
  if (!r.ok) throw new Error(`sign-in as ${username}: ${r.status} ${await r.text()}`);
  return { cookie: (r.headers.get('set-cookie') ?? '').split(';')[0] ?? '' };
}

const pick = <T>(xs: readonly T[], n: number): T[] =>
  Array.from({ length: n }, (_, i) => {
    const x = xs[(i * 7919) % xs.length];
    if (x === undefined) throw new Error('empty sample');
    return x;
  });

async function timed<T>(f: () => Promise<T>): Promise<[T, number]> {
  const t = performance.now();
  const out = await f();
  return [out, (performance.now() - t) / 1000];
}

/** Reads every leaf and payload once (the floor of anything that reads the whole log). */
async function scanLog(running: Running): Promise<number> {
  const db = running.database.db;
  const [, s] = await timed(() =>
    sql`SELECT count(*) AS n, sum(length(l.leaf)) + sum(length(p.payload)) AS b
      FROM log_leaves l LEFT JOIN log_payloads p ON p.log_index = l.log_index`.execute(db),
  );
  return s;
}

function bytesOf(running: Running, url: string): Promise<number> {
  if (!isPostgresUrl(url)) return Promise.resolve(statSync(url).size);
  return sql<{ n: string }>`SELECT pg_database_size(current_database()) AS n`
    .execute(running.database.db)
    .then((r) => Number(r.rows[0]?.n ?? 0));
}

/** Backup to a file, restore into a fresh database; returns the seconds of each. */
async function backupRestore(dialect: DialectName, url: string): Promise<[number, number, number]> {
  const dir = mkdtempSync(join(tmpdir(), 'custody-year-backup-'));
  const file = join(dir, dialect === 'sqlite' ? 'backup.sqlite' : 'backup.dump');
  const target = await freshDatabase(dialect);
  try {
    const [, backup] = await timed(() => backupDatabase(url, file));
    const size = statSync(file).size;
    if (dialect === 'sqlite') await target.close();
    const [, restore] = await timed(() => restoreDatabase(target.url, file, true));
    const check = openDatabase(target.url);
    try {
      const r = await sql<{
        n: string;
      }>`SELECT count(*) AS n FROM log_leaves`.execute(check.db);
      if (Number(r.rows[0]?.n ?? 0) === 0) throw new Error('the restored log is empty');
    } finally {
      await check.close();
    }
    return [backup, restore, size];
  } finally {
    await target.drop().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The records of a kept year to query: the unit with most records in custody now (the
 * generator's busiest unit), and closed records of it and of every unit, by record id (random
 * UUIDs, so a uniform draw that is the same each time).
 */
async function samplesOf(running: Running): Promise<Samples> {
  const db = running.database.db;
  const closed = sql`s.status IN ('released', 'transferred') AND s.custody_number IS NOT NULL`;
  const busy = await sql<{ unit_id: string }>`SELECT s.unit_id FROM record_summaries s
    WHERE s.status NOT IN ('released', 'transferred')
    GROUP BY s.unit_id ORDER BY count(*) DESC LIMIT 1`.execute(db);
  const busyUnitId = busy.rows[0]?.unit_id;
  if (busyUnitId === undefined) throw new Error('the kept year has no record in custody');
  type Row = { record_id: string; person_name: string; custody_number: string };
  const rows = (r: { rows: Row[] }): Sampled[] =>
    r.rows.map((x) => ({
      recordId: x.record_id,
      name: x.person_name,
      custodyNumber: x.custody_number,
    }));
  const busySample = await sql<Row>`SELECT s.record_id, s.person_name, s.custody_number
    FROM record_summaries s WHERE ${closed} AND s.unit_id = ${busyUnitId}
    ORDER BY s.record_id LIMIT 600`.execute(db);
  const sample = await sql<Row>`SELECT s.record_id, s.person_name, s.custody_number
    FROM record_summaries s WHERE ${closed} ORDER BY s.record_id LIMIT 600`.execute(db);
  return { busyUnitId, busySample: rows(busySample), sample: rows(sample) };
}

/**
 * The real server (`serve()`, as `npm start` does: demo off, sign-in throttling out of the
 * way, clock frozen at `now`) on the database at `url` with the key file `keyFile`.
 */
async function served<T>(
  url: string,
  keyFile: string,
  now: number,
  measure: (running: Running) => Promise<T>,
): Promise<T> {
  const config = {
    ...loadConfig({ CUSTODY_DEMO: '0', PORT: '0', LOGIN_IP_MAX: '10000' }),
    databaseUrl: url,
    keyFile,
  };
  const running = await serve(config, { now: () => new Date(now) });
  try {
    return await measure(running);
  } finally {
    await running.close();
  }
}

/** The whole year's compliance report of every unit, given up after REPORT_SECONDS. */
async function yearReport(
  api: string,
  cookie: string,
  now: number,
): Promise<{ seconds: number; bytes: number; units: number | null; failed: string | null }> {
  const from = new Date(now - 365 * DAY).toISOString();
  const to = new Date(now).toISOString();
  const started = performance.now();
  const seconds = () => (performance.now() - started) / 1000;
  let bytes = 0;
  try {
    const r = await fetch(
      `${api}/reports/compliance?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`,
      { headers: { cookie }, signal: AbortSignal.timeout(REPORT_SECONDS * 1000) },
    );
    if (!r.ok) throw new Error(`${r.status} ${(await r.text()).slice(0, 300)}`);
    // Counted as it arrives: hundreds of megabytes are not held to be measured.
    const chunks: Uint8Array[] = [];
    for await (const chunk of (r.body ?? []) as AsyncIterable<Uint8Array>) {
      bytes += chunk.length;
      if (bytes <= PARSE_LIMIT) chunks.push(chunk);
    }
    const took = seconds();
    const units =
      bytes <= PARSE_LIMIT
        ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { units: unknown[] }).units.length
        : null;
    return { seconds: took, bytes, units, failed: null };
  } catch (error) {
    const why = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return { seconds: seconds(), bytes, units: null, failed: why };
  }
}

/**
 * Every figure of one year: generated into a fresh database (kept with BENCH_YEAR_KEEP), or a
 * kept one measured again (BENCH_YEAR_REUSE). The whole year's report comes last: at 10^7 it
 * may fail or exhaust the server's memory, and every figure before it is on stderr already.
 */
async function figures(dialect: DialectName, entries: number): Promise<BenchResult[]> {
  const kept = REUSE === '' ? null : readKept(REUSE);
  // A TOTP code is accepted once per time step: each reuse of a kept year signs HQ in a minute
  // later than the last (the year's data stays as generated; its present moves by minutes).
  const reused = (kept?.reused ?? 0) + 1;
  if (kept !== null) {
    writeFileSync(
      join(dirOf(REUSE), 'year.json'),
      `${JSON.stringify({ ...kept, reused }, null, 2)}\n`,
    );
  }
  const now = kept === null ? Date.now() : kept.now + reused * 60_000;
  const size = kept?.entries ?? entries;
  const tag = `year/${dialect} ${size.toExponential(0).replace('+', '')}`;
  const say = (line: string): void => {
    console.error(`${tag}: ${line}`);
  };
  const out: BenchResult[] = [];
  const push = (r: BenchResult): void => {
    out.push(r);
    // A run that dies later (the report at 10^7) still leaves its figures in the log.
    console.error(`figure ${JSON.stringify(r)}`);
  };
  say(`start (${state()})`);

  const measure = async (
    running: Running,
    databaseUrl: string,
    keyFile: string,
    year: YearData | null,
  ): Promise<void> => {
    const samples: Samples =
      year === null
        ? await samplesOf(running)
        : { busyUnitId: year.busy.id, busySample: year.busySample, sample: year.sample };
    const n =
      year?.entries ??
      Number(
        (
          await sql<{ n: string }>`SELECT count(*) AS n FROM log_leaves`.execute(
            running.database.db,
          )
        ).rows[0]?.n ?? 0,
      );
    say(`${n} entries, busiest unit ${samples.busyUnitId} (${state()})`);
    if (year === null && FINDINGS) {
      const [stored, seconds] = await timed(() =>
        storeFinalFindings({
          ...running,
          settings: custodySettingsOf(loadConfig({})),
          now: new Date(now).toISOString(),
        }),
      );
      say(`findings of ${stored} closed records stored in ${seconds.toFixed(1)} s (${state()})`);
    }
    const floor = await scanLog(running);
    say(`reading every leaf and payload once: ${floor.toFixed(2)} s (${state()})`);
    if (year !== null) {
      push(
        result(
          `${tag}: generation (domain + append + rebuild), entries/s`,
          n / (year.seconds.append + year.seconds.rebuild),
          'entries/s',
          n / floor,
        ),
      );
    }

    const duty = await signIn(running.url, 'duty', now, false);
    const hq = await signIn(running.url, 'hq', now, true);
    const api = `${running.url}/api/v1`;
    const health = await sample(
      Array.from({ length: REQUESTS }, () => `${running.url}/healthz`),
      {},
    );
    const base = Math.max(1, p(health, 0.99));
    say(`GET /healthz p99 ${base.toFixed(1)} ms (${REQUESTS} requests, ${CLIENTS} clients)`);
    if (!SKIP.has('latency')) {
      const latency = async (label: string, urls: string[], cookie: string) => {
        const times = await sample(urls, { cookie });
        say(
          `${label}: p50 ${p(times, 0.5).toFixed(1)} ms, p99 ${p(times, 0.99).toFixed(1)} ms ` +
            `(${times.length} requests, ${CLIENTS} clients; /healthz p99 ${base.toFixed(1)} ms; ` +
            `${state()})`,
        );
        push(result(`${tag}: ${label} p99`, p(times, 0.99), 'ms', base));
      };
      const board = `${api}/units/${samples.busyUnitId}/whiteboard`;
      const [cold] = await sample([board], { cookie: duty.cookie });
      say(`first whiteboard request ${(cold ?? Number.NaN).toFixed(0)} ms`);
      // The record page's first requests in this process (its code not yet optimised, the
      // pool's connections not yet open) are timed apart, as the whiteboard's first request:
      // they were the slowest of the 400 below, and so their p99 (docs/benchmarks.md, "The
      // record page's fixed cost"). On records no figure below reads (HQ's, past its 400).
      const warm = samples.sample
        .slice(REQUESTS, REQUESTS + WARM_PAGES)
        .map((r) => `${api}/records/${r.recordId}?reason=audit`);
      if (warm.length > 0) {
        const times = await sample(warm, { cookie: hq.cookie });
        say(
          `first ${times.length} record page requests (hq): p50 ${p(times, 0.5).toFixed(1)} ms, ` +
            `max ${Math.max(...times).toFixed(1)} ms (not in the figures)`,
        );
      }
      await latency(
        'record page (busiest unit, duty inspector)',
        pick(samples.busySample, REQUESTS).map((r) => `${api}/records/${r.recordId}`),
        duty.cookie,
      );
      // The busiest unit's sample repeats records (it has ~150 at 10^5), so many of those reads
      // hit the record cache; these are distinct records of every unit, each read first here.
      await latency(
        'record page, first read (hq, every unit)',
        samples.sample.slice(0, REQUESTS).map((r) => `${api}/records/${r.recordId}?reason=audit`),
        hq.cookie,
      );
      await latency(
        'whiteboard (busiest unit)',
        Array.from({ length: REQUESTS }, () => board),
        duty.cookie,
      );
      await latency(
        'search by name (hq, every unit)',
        pick(samples.sample, REQUESTS).map(
          (r) => `${api}/records?q=${encodeURIComponent(r.name)}&limit=50`,
        ),
        hq.cookie,
      );
      await latency(
        'search by custody number (hq, every unit)',
        pick(samples.sample, REQUESTS).map(
          (r) => `${api}/records?q=${encodeURIComponent(r.custodyNumber)}&limit=50`,
        ),
        hq.cookie,
      );
    }

    if (!SKIP.has('counts')) {
      // The report as issue 18 corrected it: the counts of every unit (target <= 2 s) and the
      // drill-down pages of the busiest unit's figures (target <= 200 ms a page).
      const r = await measureYearReport(api, hq.cookie, {
        from: new Date(now - 365 * DAY).toISOString(),
        to: new Date(now).toISOString(),
        busyUnitId: samples.busyUnitId,
      });
      const counts = p(r.counts, 0.5) / 1000;
      say(
        `year report counts, every unit: ${r.counts.map((ms) => ms.toFixed(0)).join(', ')} ms ` +
          `(${(r.countsBytes / 1e3).toFixed(0)} kB); drill-down pages p50 ` +
          `${p(r.pages, 0.5).toFixed(1)} ms, p99 ${p(r.pages, 0.99).toFixed(1)} ms (${r.pages.length} ` +
          `pages, one at a time; the largest figure ${r.largest.figure}: ${r.largest.count}, ` +
          `${r.largest.pages} pages walked) (${state()})`,
      );
      push(result(`${tag}: year report counts, every unit (median of 3)`, counts, 's', floor));
      push(result(`${tag}: year report drill-down page p99`, p(r.pages, 0.99), 'ms', base));
    }

    if (!SKIP.has('verify')) {
      const signer = readSigner(keyFile);
      const [verified, verifySeconds] = await timed(() =>
        verifyLog(running.database, { verifiers: [verifierFromVkey(signer.vkey)] }),
      );
      if (!verified.ok) throw new Error(`verify: ${JSON.stringify(verified.problems[0])}`);
      say(
        `custody verify: ${verified.checked.leaves} leaves in ${verifySeconds.toFixed(1)} s ` +
          `(${state()})`,
      );
      push(result(`${tag}: full verification`, verifySeconds, 's', floor));
    }

    if (year !== null) {
      say(`rebuild-projections: ${year.records} records in ${year.seconds.rebuild.toFixed(1)} s`);
      push(result(`${tag}: rebuild-projections`, year.seconds.rebuild, 's', floor));
      say(`closed records' findings stored in ${year.seconds.findings.toFixed(1)} s`);
      push(result(`${tag}: storing closed records' findings`, year.seconds.findings, 's', floor));
    }

    if (!SKIP.has('backup')) {
      const bytes = await bytesOf(running, databaseUrl);
      const [backup, restore, file] = await backupRestore(dialect, databaseUrl);
      say(
        `database ${(bytes / 2 ** 20).toFixed(0)} MiB; backup ${backup.toFixed(1)} s ` +
          `(${(file / 2 ** 20).toFixed(0)} MiB), restore ${restore.toFixed(1)} s (${state()})`,
      );
      push(result(`${tag}: backup + restore`, backup + restore, 's', floor));
    }

    if (!SKIP.has('report')) {
      say(`year compliance report: requested, given up after ${REPORT_SECONDS} s (${state()})`);
      const report = await yearReport(api, hq.cookie, now);
      const mb = (report.bytes / 1e6).toFixed(1);
      if (report.failed === null) {
        say(
          `year compliance report, ${report.units ?? '?'} units, ${mb} MB: ` +
            `${report.seconds.toFixed(2)} s (${state()})`,
        );
        push(result(`${tag}: year compliance report, every unit`, report.seconds, 's', floor));
      } else {
        say(
          `year compliance report FAILED after ${report.seconds.toFixed(1)} s (${mb} MB ` +
            `received): ${report.failed} (${state()})`,
        );
        push(
          result(`${tag}: year compliance report, every unit`, report.seconds, 's (failed)', floor),
        );
      }
    }
    say(`end (${state()})`);
  };

  if (kept !== null) {
    if (kept.dialect !== dialect) return [];
    say(`reusing the kept year ${REUSE} (${kept.url})`);
    await served(kept.url, kept.keyFile, now, (running) =>
      measure(running, kept.url, kept.keyFile, null),
    );
    return out;
  }

  // A kept year lives in a directory of its own: the key, year.json and the SQLite file.
  const dir = mkdtempSync(join(tmpdir(), KEEP ? 'custody-year-kept-' : 'custody-year-'));
  const keyFile = join(dir, 'signing.key');
  const pg = dialect === 'postgres' ? await freshPostgres() : null;
  const url = pg?.url ?? join(dir, 'custody.sqlite');
  try {
    await served(url, keyFile, now, async (running) => {
      const year = await generateYear(running, { entries, now, onProgress: say });
      if (KEEP) {
        const meta: KeptYear = { dialect, url, keyFile, now, entries };
        writeFileSync(join(dir, 'year.json'), `${JSON.stringify(meta, null, 2)}\n`);
        say(`KEPT: BENCH_YEAR_REUSE=${dir} (database ${url})`);
      }
      say(`generated (${state()})`);
      await measure(running, url, keyFile, year);
    });
    return out;
  } finally {
    if (KEEP) await pg?.close();
    else {
      await pg?.drop();
      rmSync(dir, { recursive: true, force: true });
    }
  }
}

/** The kept year at `path` (its directory, or its year.json). */
function readKept(path: string): KeptYear {
  return JSON.parse(readFileSync(join(dirOf(path), 'year.json'), 'utf8')) as KeptYear;
}

const dirOf = (path: string): string =>
  existsSync(join(path, 'year.json')) ? path : dirname(path);

export async function run(): Promise<BenchResult[]> {
  const out: BenchResult[] = [];
  for (const entries of REUSE === '' ? SIZES : [0]) {
    for (const d of DIALECTS) out.push(...(await figures(d, entries)));
  }
  return out;
}
