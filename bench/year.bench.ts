import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { sql } from 'kysely';
import { verifierFromVkey } from '../packages/ledger/src/index.ts';
import { base32Decode, totp } from '../apps/server/src/accounts/totp.ts';
import { isPostgresUrl, openDatabase, type DialectName } from '../apps/server/src/db/database.ts';
import { DEMO_PASSWORD, DEMO_TOTP_SECRET } from '../apps/server/src/demo/demo-staff.ts';
import { backupDatabase, restoreDatabase } from '../apps/server/src/ops/backup.ts';
import { readSigner } from '../apps/server/src/ops/keys.ts';
import type { Running } from '../apps/server/src/ops/serve.ts';
import { verifyLog } from '../apps/server/src/store/index.ts';
import { freshDatabase } from '../apps/server/test/databases.ts';
import { DIALECTS, onServedApp } from './load-generator.ts';
import { generateYear, type SampledRecord, type YearData } from './national-year.ts';
import { result, type BenchResult } from './result.ts';

/** `BENCH_YEAR_ENTRIES=100000,1000000,10000000`: the sizes of the log, one fresh database each. */
const SIZES = (process.env['BENCH_YEAR_ENTRIES'] ?? '100000').split(',').map(Number);
/** Requests per latency figure and concurrent clients (`BENCH_YEAR_REQUESTS`, `_CLIENTS`). */
const REQUESTS = Number(process.env['BENCH_YEAR_REQUESTS'] ?? 400);
const CLIENTS = Number(process.env['BENCH_YEAR_CLIENTS'] ?? 4);
const DAY = 24 * 3600 * 1000;

/**
 * Sends `urls` in turn from `clients` concurrent loops in a worker thread (the server runs on
 * this thread's event loop) and returns each request's latency in ms. A non-2xx fails the run.
 */
function sample(urls: readonly string[], headers: Record<string, string>): Promise<number[]> {
  const code = `
    const { parentPort, workerData } = require('node:worker_threads');
    const { urls, headers, clients } = workerData;
    let next = 0;
    const times = [];
    async function loop() {
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

async function figures(dialect: DialectName, entries: number): Promise<BenchResult[]> {
  const now = Date.now();
  const dir = mkdtempSync(join(tmpdir(), 'custody-year-'));
  const keyFile = join(dir, 'signing.key');
  const tag = `year/${dialect} ${entries.toExponential(0).replace('+', '')}`;
  const say = (line: string): void => {
    console.error(`${tag}: ${line}`);
  };
  try {
    return await onServedApp(
      dialect,
      async (running, databaseUrl) => {
        const year: YearData = await generateYear(running, { entries, now, onProgress: say });
        const out: BenchResult[] = [];
        const n = year.entries;
        const floor = await scanLog(running);
        say(`reading every leaf and payload once: ${floor.toFixed(2)} s`);
        out.push(
          result(
            `${tag}: generation (domain + append + rebuild), entries/s`,
            n / (year.seconds.append + year.seconds.rebuild),
            'entries/s',
            n / floor,
          ),
        );

        const duty = await signIn(running.url, 'duty', now, false);
        const hq = await signIn(running.url, 'hq', now, true);
        const health = await sample(
          Array.from({ length: REQUESTS }, () => `${running.url}/healthz`),
          {},
        );
        const base = Math.max(1, p(health, 0.99));
        const latency = async (label: string, urls: string[], cookie: string) => {
          const times = await sample(urls, { cookie });
          say(
            `${label}: p50 ${p(times, 0.5).toFixed(1)} ms, p99 ${p(times, 0.99).toFixed(1)} ms ` +
              `(${times.length} requests, ${CLIENTS} clients; /healthz p99 ${base.toFixed(1)} ms)`,
          );
          out.push(result(`${tag}: ${label} p99`, p(times, 0.99), 'ms', base));
        };
        const api = `${running.url}/api/v1`;
        const board = `${api}/units/${year.busy.id}/whiteboard`;
        const [, cold] = await timed(() => sample([board], { cookie: duty.cookie }));
        say(`first whiteboard request ${(cold * 1000).toFixed(0)} ms`);
        await latency(
          'record page (busiest unit, duty inspector)',
          pick(year.busySample, REQUESTS).map((r: SampledRecord) => `${api}/records/${r.recordId}`),
          duty.cookie,
        );
        // The busiest unit's sample repeats records (it has ~150 at 10^5), so many of those reads
        // hit the record cache; these are distinct records of every unit, each read first here.
        await latency(
          'record page, first read (hq, every unit)',
          year.sample
            .slice(0, REQUESTS)
            .map((r: SampledRecord) => `${api}/records/${r.recordId}?reason=audit`),
          hq.cookie,
        );
        await latency(
          'whiteboard (busiest unit)',
          Array.from({ length: REQUESTS }, () => board),
          duty.cookie,
        );
        await latency(
          'search by name (hq, every unit)',
          pick(year.sample, REQUESTS).map(
            (r) => `${api}/records?q=${encodeURIComponent(r.name)}&limit=50`,
          ),
          hq.cookie,
        );
        await latency(
          'search by custody number (hq, every unit)',
          pick(year.sample, REQUESTS).map(
            (r) => `${api}/records?q=${encodeURIComponent(r.custodyNumber)}&limit=50`,
          ),
          hq.cookie,
        );

        const from = new Date(now - 365 * DAY).toISOString();
        const to = new Date(now).toISOString();
        const [report, reportSeconds] = await timed(async () => {
          const r = await fetch(
            `${api}/reports/compliance?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`,
            { headers: { cookie: hq.cookie } },
          );
          if (!r.ok) throw new Error(`compliance report: ${r.status} ${await r.text()}`);
          return (await r.json()) as { units: unknown[] };
        });
        say(`year compliance report, ${report.units.length} units: ${reportSeconds.toFixed(2)} s`);
        out.push(result(`${tag}: year compliance report, every unit`, reportSeconds, 's', floor));

        const signer = readSigner(keyFile);
        const [verified, verifySeconds] = await timed(() =>
          verifyLog(running.database, { verifiers: [verifierFromVkey(signer.vkey)] }),
        );
        if (!verified.ok) throw new Error(`verify: ${JSON.stringify(verified.problems[0])}`);
        say(`custody verify: ${verified.checked.leaves} leaves in ${verifySeconds.toFixed(1)} s`);
        out.push(result(`${tag}: full verification`, verifySeconds, 's', floor));

        say(`rebuild-projections: ${year.records} records in ${year.seconds.rebuild.toFixed(1)} s`);
        out.push(result(`${tag}: rebuild-projections`, year.seconds.rebuild, 's', floor));
        say(`closed records' findings stored in ${year.seconds.findings.toFixed(1)} s`);
        out.push(
          result(`${tag}: storing closed records' findings`, year.seconds.findings, 's', floor),
        );

        const size = await bytesOf(running, databaseUrl);
        const [backup, restore, file] = await backupRestore(dialect, databaseUrl);
        say(
          `database ${(size / 2 ** 20).toFixed(0)} MiB; backup ${backup.toFixed(1)} s ` +
            `(${(file / 2 ** 20).toFixed(0)} MiB), restore ${restore.toFixed(1)} s`,
        );
        out.push(result(`${tag}: backup + restore`, backup + restore, 's', floor));
        return out;
      },
      { now, config: { keyFile } },
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function run(): Promise<BenchResult[]> {
  const out: BenchResult[] = [];
  for (const entries of SIZES) {
    for (const d of DIALECTS) out.push(...(await figures(d, entries)));
  }
  return out;
}
