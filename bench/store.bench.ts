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
import { timeOrderedId } from '../apps/server/src/ids.ts';
import { bulkLoad } from '../apps/server/src/store/bulk-load.bench-kit.ts';
import { VERIFY_ROWS } from '../apps/server/src/store/verify-log.ts';
import {
  createEventStore,
  storeMigrations,
  verifyLog,
  type NewEvent,
} from '../apps/server/src/store/index.ts';
import { freshDatabase, type TestDatabase } from '../apps/server/test/databases.ts';
import { result, type BenchResult } from './result.ts';

const ORIGIN = 'custody.bench/log';
const PROOF_LEAVES = Number(process.env['BENCH_PROOF_LEAVES'] ?? 1_000_000);
const VERIFY_LEAVES = Number(process.env['BENCH_VERIFY_LEAVES'] ?? 100_000);
const PROOFS = 2000;

/** An event as the server makes one: its id from the server's own generator (time-ordered). */
function newEvent(i: number): NewEvent {
  return {
    id: timeOrderedId(),
    type: 'CellCheckRecorded',
    occurredAt: '2025-01-01T10:00:00.000Z',
    recordedAt: '2025-01-01T10:00:05.000Z',
    actor: { id: 'officer-17', role: 'duty-inspector' },
    payload: { cell: `K-${i % 12}`, condition: 'спить, дихання рівне', roused: i % 2 === 0 },
  };
}

async function open(dialect: DialectName) {
  const database = await freshDatabase(dialect);
  await migrate(database, storeMigrations);
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
    const readRate = () => {
      const raw = new BetterSqlite3(database.url, { readonly: true });
      const stmt = raw.prepare(VERIFY_ROWS.replace(/\$\d/g, '?')).raw(true);
      const start = performance.now();
      let n = 0;
      for (let from = 0; ; from += 5000) {
        const batch = stmt.all(from, 5000) as unknown[][];
        if (batch.length === 0) break;
        for (const r of batch) leafHashOnce(r[11] as Uint8Array);
        n += batch.length;
      }
      raw.close();
      return n / ((performance.now() - start) / 1000);
    };
    const bareBefore = [hashRate(rows, leafHash), hashRate(rows, leafHashOnce), readRate()];
    const t0 = performance.now();
    const report = await verifyLog(database, { verifiers: [verifier] });
    const verified = report.size / ((performance.now() - t0) / 1000);
    if (!report.ok) throw new Error('the benchmark log did not verify');
    const bare = [hashRate(rows, leafHash), hashRate(rows, leafHashOnce), readRate()];
    const mean = (i: number) => ((bareBefore[i] ?? NaN) + (bare[i] ?? NaN)) / 2;
    return [
      result('store/sqlite: full verification vs leafHash', verified, 'leaves/s', mean(0)),
      result(
        'store/sqlite: full verification vs one-shot leaf hash',
        verified,
        'leaves/s',
        mean(1),
      ),
      result(
        'store/sqlite: floor: read the rows and hash each leaf, vs one-shot leaf hash',
        mean(2),
        'leaves/s',
        mean(1),
      ),
      result(
        'store/sqlite: full verification vs read the rows and hash each leaf',
        verified,
        'leaves/s',
        mean(2),
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
    ...(await appendFigures('sqlite')),
    ...(await appendFigures('postgres')),
    ...(await verifyFigures()),
    await proofFigure(),
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
