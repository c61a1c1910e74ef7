import BetterSqlite3 from 'better-sqlite3';
import { sql } from 'kysely';
import {
  generateSignerKey,
  leafHash,
  leafHashOnce,
  signerFromSkey,
  verifierFromVkey,
} from '@custody/ledger';
import type { DialectName } from '../apps/server/src/db/database.ts';
import { migrate } from '../apps/server/src/db/migrate.ts';
import { projectionMigrations, SUMMARY_TABLE } from '../apps/server/src/projections/index.ts';
import { projectionDb } from '../apps/server/src/projections/record-summaries.table.ts';
import { bulkLoad } from '../apps/server/src/store/bulk-load.bench-kit.ts';
import { VERIFY_ROWS } from '../apps/server/src/store/verify-log.ts';
import {
  createEventStore,
  storeMigrations,
  verifyLog,
  type AppendOptions,
  type EventStore,
} from '../apps/server/src/store/index.ts';
import { freshDatabase, type TestDatabase } from '../apps/server/test/databases.ts';
import { result, type BenchResult } from './result.ts';
import { newEvent } from './cell-check.ts';

const ORIGIN = 'custody.bench/log';
const PROOF_LEAVES = Number(process.env['BENCH_PROOF_LEAVES'] ?? 1_000_000);
const VERIFY_LEAVES = Number(process.env['BENCH_VERIFY_LEAVES'] ?? 100_000);
const PROOFS = 2000;
/** Rounds of floor, verification with workers, floor, verification in one thread. */
const VERIFY_ROUNDS = Number(process.env['BENCH_VERIFY_ROUNDS'] ?? 3);
/** The parts to run (`BENCH_STORE_PARTS=verify,proof`); all by default. */
const PARTS = (process.env['BENCH_STORE_PARTS'] ?? 'append,verify,proof').split(',');

async function open(dialect: DialectName) {
  const database = await freshDatabase(dialect);
  await migrate(database, [...storeMigrations, ...projectionMigrations]);
  const { skey, vkey } = generateSignerKey(ORIGIN);
  const signer = signerFromSkey(skey);
  const store = await createEventStore({ database, signer, origin: ORIGIN });
  return { database, store, signer, verifier: verifierFromVkey(vkey) };
}

async function timed(n: number, f: (i: number) => Promise<unknown>): Promise<number> {
  const start = performance.now();
  for (let i = 0; i < n; i++) await f(i);
  return performance.now() - start;
}

/**
 * Single appends against single-row durable inserts (the physical limit), interleaved in short
 * rounds so that both see the same load from other processes on the machine. The insert goes
 * through Kysely as the application's queries do; on SQLite also as a prepared statement on the
 * raw connection, the strictest baseline (the store's own write path uses prepared statements).
 */
async function singleFigure(
  database: TestDatabase,
  store: Awaited<ReturnType<typeof open>>['store'],
  rounds: number,
): Promise<{ single: number; bare: number; prepared: number | null }> {
  await sql`CREATE TABLE bare (id INTEGER PRIMARY KEY, data TEXT NOT NULL)`.execute(database.db);
  const data = JSON.stringify(newEvent(0));
  const insert = database.sqlite?.prepare('INSERT INTO bare (id, data) VALUES (?, ?)');
  const per = 20;
  let bareMs = 0;
  let preparedMs = 0;
  let appendMs = 0;
  let id = 0;
  for (let r = 0; r < rounds; r++) {
    bareMs += await timed(per, () =>
      sql`INSERT INTO bare (id, data) VALUES (${id++}, ${data})`.execute(database.db),
    );
    if (insert !== undefined) {
      preparedMs += await timed(per, () => Promise.resolve(insert.run(id++, data)));
    }
    appendMs += await timed(per, (i) =>
      store.append(`single-${String(r * per + i)}`, 0, [newEvent(i)]),
    );
  }
  const n = rounds * per;
  const rate = (ms: number) => n / (ms / 1000);
  return {
    single: rate(appendMs),
    bare: rate(bareMs),
    prepared: insert === undefined ? null : rate(preparedMs),
  };
}

/** A record summary as the command path writes one (every column filled, a typical size). */
function summaryValues(stream: string) {
  return {
    record_id: stream,
    unit_id: 'unit-kyiv-01',
    status: 'in_custody',
    person_name: 'Шевчук Андрій Олегович',
    search_key: 'шевчук андрій олегович\nkv-2025-0042',
    juvenile: 0,
    foreigner: 1,
    custody_number: 'KV-2025-0042',
    profile: 'ua_criminal_208',
    t0: '2025-01-01T09:00:00.000Z',
    delivered_at: '2025-01-01T09:40:00.000Z',
    ended_at: null,
    location: 'Кімната для затриманих № 1',
    observation_level: 'standard',
    consent_lawyer: 0,
    consent_monitor: 0,
    involved_ids: '["officer-17","officer-18"]',
  };
}

/** How an append writes its record's summary: not at all, in its transaction, or after it. */
type SummaryMode = 'none' | 'in transaction' | 'second commit';

/**
 * The command path before summaries moved into the write transaction: after the append, the
 * summary upserted and the projection cursor moved, each in its own autocommit statement.
 */
async function summaryAfter(database: TestDatabase, stream: string, version: number, at: number) {
  const db = projectionDb(database);
  const row = { ...summaryValues(stream), version, last_log_index: at };
  const { record_id: _id, ...rest } = row;
  await db
    .insertInto('record_summaries')
    .values(row)
    .onConflict((oc) =>
      oc.column('record_id').doUpdateSet(rest).where('record_summaries.version', '<', version),
    )
    .execute();
  await db
    .insertInto('projection_cursor')
    .values({ name: 'record_summaries', log_index: at })
    .onConflict((oc) =>
      oc
        .column('name')
        .doUpdateSet({ log_index: at })
        .where('projection_cursor.log_index', '<', at),
    )
    .execute();
}

/** One append of `mode`, as the command path of that design does it. */
async function appendAs(
  mode: SummaryMode,
  database: TestDatabase,
  store: EventStore,
  stream: string,
  expected: number,
  i: number,
): Promise<void> {
  const options: AppendOptions =
    mode === 'in transaction'
      ? { readModels: [{ table: SUMMARY_TABLE, values: summaryValues(stream) }] }
      : {};
  const { events } = await store.append(stream, expected, [newEvent(i)], options);
  const last = events[events.length - 1];
  if (mode === 'second commit' && last !== undefined) {
    await summaryAfter(database, stream, last.streamVersion, last.logIndex);
  }
}

const MODES: readonly SummaryMode[] = ['none', 'in transaction', 'second commit'];

/**
 * Single appends of each summary mode, interleaved in rounds of 20 with each other and with the
 * bare inserts, so that all see the same load.
 */
async function singleModes(
  database: TestDatabase,
  store: EventStore,
  rounds: number,
): Promise<Record<SummaryMode, number>> {
  const ms: Record<SummaryMode, number> = { none: 0, 'in transaction': 0, 'second commit': 0 };
  const per = 20;
  for (let r = 0; r < rounds; r++) {
    for (const mode of MODES) {
      ms[mode] += await timed(per, (i) =>
        appendAs(mode, database, store, `summary-${mode}-${String(r * per + i)}`, 0, i),
      );
    }
  }
  const rate = (t: number) => (rounds * per) / (t / 1000);
  return {
    none: rate(ms.none),
    'in transaction': rate(ms['in transaction']),
    'second commit': rate(ms['second commit']),
  };
}

/** 32 appenders to their own streams, each mode in turn, `rounds` times; events/s per mode. */
async function groupModes(
  database: TestDatabase,
  store: EventStore,
  perWriter: number,
  rounds: number,
): Promise<Record<SummaryMode, number>> {
  const writers = 32;
  const ms: Record<SummaryMode, number> = { none: 0, 'in transaction': 0, 'second commit': 0 };
  for (let r = 0; r < rounds; r++) {
    for (const mode of MODES) {
      const start = performance.now();
      await Promise.all(
        Array.from({ length: writers }, async (_, w) => {
          const stream = `group-${mode}-${String(r)}-${String(w)}`;
          for (let i = 0; i < perWriter; i++) await appendAs(mode, database, store, stream, i, i);
        }),
      );
      ms[mode] += performance.now() - start;
    }
  }
  const rate = (t: number) => (writers * perWriter * rounds) / (t / 1000);
  return {
    none: rate(ms.none),
    'in transaction': rate(ms['in transaction']),
    'second commit': rate(ms['second commit']),
  };
}

/** What writing the record summary in the append's transaction costs, against both designs. */
function summaryResults(what: string, unit: string, m: Record<SummaryMode, number>): BenchResult[] {
  return [
    result(
      `${what} with its summary in the transaction vs none`,
      m['in transaction'],
      unit,
      m.none,
    ),
    result(
      `${what} with its summary in the transaction vs in a second commit (before)`,
      m['in transaction'],
      unit,
      m['second commit'],
    ),
  ];
}

async function appendFigures(dialect: DialectName): Promise<BenchResult[]> {
  const { database, store } = await open(dialect);
  try {
    const { single, bare, prepared } = await singleFigure(
      database,
      store,
      dialect === 'sqlite' ? 40 : 20,
    );
    const writers = 32;
    const perWriter = dialect === 'sqlite' ? 200 : 60;
    const start = performance.now();
    await Promise.all(
      Array.from({ length: writers }, async (_, w) => {
        for (let i = 0; i < perWriter; i++) await store.append(`writer-${w}`, i, [newEvent(i)]);
      }),
    );
    const grouped = (writers * perWriter) / ((performance.now() - start) / 1000);
    const singles = await singleModes(database, store, dialect === 'sqlite' ? 30 : 15);
    const groups = await groupModes(database, store, dialect === 'sqlite' ? 60 : 20, 3);
    const strict =
      prepared === null
        ? []
        : [
            result(
              `store/${dialect}: durable single-event append vs prepared raw insert`,
              single,
              'events/s',
              prepared,
            ),
          ];
    return [
      result(`store/${dialect}: durable single-event append`, single, 'events/s', bare),
      ...strict,
      result(`store/${dialect}: group commit, 32 appenders`, grouped, 'events/s', bare),
      ...summaryResults(`store/${dialect}: durable single-event append`, 'events/s', singles),
      ...summaryResults(`store/${dialect}: group commit, 32 appenders`, 'events/s', groups),
    ];
  } finally {
    await store.close();
    await database.drop();
  }
}

function hashRate(rows: readonly { leaf: Uint8Array }[], hash: (b: Uint8Array) => unknown) {
  const start = performance.now();
  for (const r of rows) hash(r.leaf);
  return rows.length / ((performance.now() - start) / 1000);
}

/**
 * Full verification against hashing the same leaf bytes once each (`leafHash` and one-shot), and
 * against the floor any verification from the database has: reading the same rows (the
 * verification's own SELECT, as arrays, nothing checked) and hashing each leaf once.
 */
async function verifyFigures(): Promise<BenchResult[]> {
  const { database, store, verifier } = await open('sqlite');
  try {
    for (let i = 0; i < VERIFY_LEAVES; i += 2000) {
      const count = Math.min(2000, VERIFY_LEAVES - i);
      await store.append(
        'bulk',
        'any',
        Array.from({ length: count }, (_, k) => newEvent(i + k)),
      );
    }
    const { rows } = await sql<{ leaf: Uint8Array }>`SELECT leaf FROM log_leaves`.execute(
      database.db,
    );
    const floorCpu: number[] = [];
    const readRate = () => {
      const raw = new BetterSqlite3(database.url, { readonly: true });
      const stmt = raw.prepare(VERIFY_ROWS.replace(/\$\d/g, '?')).raw(true);
      const cpu = process.cpuUsage();
      const start = performance.now();
      let n = 0;
      for (let from = 0; ; from += 5000) {
        const batch = stmt.all(from, from + 5000) as unknown[][];
        if (batch.length === 0) break;
        for (const r of batch) leafHashOnce(r[11] as Uint8Array);
        n += batch.length;
      }
      const used = process.cpuUsage(cpu);
      floorCpu.push((used.user + used.system) / n);
      raw.close();
      return n / ((performance.now() - start) / 1000);
    };
    const verifyRate = async (workers?: number) => {
      const cpu = process.cpuUsage();
      const start = performance.now();
      const report = await verifyLog(database, {
        verifiers: [verifier],
        ...(workers === undefined ? {} : { workers }),
      });
      const ms = performance.now() - start;
      if (!report.ok) throw new Error('the benchmark log did not verify');
      const used = process.cpuUsage(cpu);
      const micros = used.user + used.system;
      return {
        rate: report.size / (ms / 1000),
        cores: micros / 1000 / ms,
        cpu: micros / report.size,
      };
    };
    // Rounds of each kind in turn, so that all see the same load from other processes.
    const floors: number[] = [];
    const parallel: { rate: number; cores: number; cpu: number }[] = [];
    const single: { rate: number; cores: number; cpu: number }[] = [];
    const hashes: number[][] = [];
    for (let round = 0; round < VERIFY_ROUNDS; round++) {
      hashes.push([hashRate(rows, leafHash), hashRate(rows, leafHashOnce)]);
      floors.push(readRate());
      parallel.push(await verifyRate());
      floors.push(readRate());
      single.push(await verifyRate(0));
    }
    const avg = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const floor = avg(floors);
    const verified = avg(parallel.map((v) => v.rate));
    const oneShot = avg(hashes.map((h) => h[1] ?? NaN));
    return [
      result(
        'store/sqlite: full verification vs leafHash',
        verified,
        'leaves/s',
        avg(hashes.map((h) => h[0] ?? NaN)),
      ),
      result(
        'store/sqlite: full verification vs one-shot leaf hash',
        verified,
        'leaves/s',
        oneShot,
      ),
      result(
        'store/sqlite: floor: read the rows and hash each leaf, vs one-shot leaf hash',
        floor,
        'leaves/s',
        oneShot,
      ),
      result(
        'store/sqlite: full verification vs read the rows and hash each leaf',
        verified,
        'leaves/s',
        floor,
      ),
      result(
        'store/sqlite: full verification in one thread (workers: 0) vs read the rows and hash each leaf',
        avg(single.map((v) => v.rate)),
        'leaves/s',
        floor,
      ),
      result(
        'store/sqlite: full verification, cores of this process (worker threads) vs in one thread',
        avg(parallel.map((v) => v.cores)),
        'cores',
        avg(single.map((v) => v.cores)),
      ),
      // CPU time per leaf of every thread: what the figures above would be on idle cores. With
      // two free cores the verification with workers can at best take half its CPU time.
      result(
        'store/sqlite: CPU per leaf, full verification with worker threads vs the floor',
        avg(parallel.map((v) => v.cpu)),
        'µs',
        avg(floorCpu),
      ),
      result(
        'store/sqlite: CPU per leaf, full verification in one thread vs the floor',
        avg(single.map((v) => v.cpu)),
        'µs',
        avg(floorCpu),
      ),
    ];
  } finally {
    await store.close();
    await database.drop();
  }
}

function p99(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length * 0.99)] ?? NaN;
}

/** p99 of inclusion proofs for random leaves against the bare read of one stored node. */
async function proofFigure(): Promise<BenchResult> {
  const { database, store, signer } = await open('sqlite');
  try {
    await bulkLoad(database, signer, ORIGIN, PROOF_LEAVES, 1000, newEvent);
    const size = (await store.latestCheckpoint())?.size ?? 0;
    const proofMs: number[] = [];
    const bareMs: number[] = [];
    for (let k = 0; k < PROOFS; k++) {
      const i = Math.floor(Math.random() * size);
      let t = performance.now();
      await store.inclusionProof(i, size);
      proofMs.push(performance.now() - t);
      t = performance.now();
      await sql`SELECT hash FROM log_nodes WHERE level = 0 AND idx = ${i}`.execute(database.db);
      bareMs.push(performance.now() - t);
    }
    return result(
      `store/sqlite: inclusion proof p99 at ${size} leaves`,
      p99(proofMs),
      'ms',
      p99(bareMs),
    );
  } finally {
    await store.close();
    await database.drop();
  }
}

/** Event store benchmarks (integrity.md figures), each against a baseline of the same run. */
export async function run(): Promise<BenchResult[]> {
  return [
    ...(PARTS.includes('append') ? await appendFigures('sqlite') : []),
    ...(PARTS.includes('append') ? await appendFigures('postgres') : []),
    ...(PARTS.includes('verify') ? await verifyFigures() : []),
    ...(PARTS.includes('proof') ? [await proofFigure()] : []),
  ];
}

if (import.meta.url === `file://${process.argv[1] ?? ''}`) {
  console.table(
    (await run()).map((r) => ({
      name: r.name,
      value: Number(r.value.toFixed(3)),
      unit: r.unit,
      baseline: Number(r.baseline.toFixed(3)),
      ratio: Number(r.ratio.toFixed(3)),
    })),
  );
  console.log(
    `load average: ${(await import('node:os'))
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
}
