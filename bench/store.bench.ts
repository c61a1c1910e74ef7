import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { generateSignerKey, leafHash, signerFromSkey, verifierFromVkey } from '@custody/ledger';
import type { DialectName } from '../apps/server/src/db/database.ts';
import { migrate } from '../apps/server/src/db/migrate.ts';
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

function newEvent(i: number): NewEvent {
  return {
    id: randomUUID(),
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
  const store = await createEventStore({ database, signer: signerFromSkey(skey), origin: ORIGIN });
  return { database, store, verifier: verifierFromVkey(vkey) };
}

async function rate(n: number, f: (i: number) => Promise<unknown>): Promise<number> {
  const start = performance.now();
  for (let i = 0; i < n; i++) await f(i);
  return n / ((performance.now() - start) / 1000);
}

/** One durable single-row commit per call: the physical limit an append is compared with. */
async function bareInsertRate(database: TestDatabase, n: number): Promise<number> {
  await sql`CREATE TABLE bare (id INTEGER PRIMARY KEY, data TEXT NOT NULL)`.execute(database.db);
  const data = JSON.stringify(newEvent(0));
  return rate(n, (i) =>
    sql`INSERT INTO bare (id, data) VALUES (${i}, ${data})`.execute(database.db),
  );
}

async function appendFigures(dialect: DialectName): Promise<BenchResult[]> {
  const { database, store } = await open(dialect);
  try {
    const n = dialect === 'sqlite' ? 1000 : 300;
    const bare = await bareInsertRate(database, n);
    const single = await rate(n, (i) => store.append(`single-${i}`, 0, [newEvent(i)]));
    const writers = 32;
    const perWriter = dialect === 'sqlite' ? 200 : 60;
    const start = performance.now();
    await Promise.all(
      Array.from({ length: writers }, async (_, w) => {
        for (let i = 0; i < perWriter; i++) await store.append(`writer-${w}`, i, [newEvent(i)]);
      }),
    );
    const grouped = (writers * perWriter) / ((performance.now() - start) / 1000);
    return [
      result(`store/${dialect}: durable single-event append`, single, 'events/s', bare),
      result(`store/${dialect}: group commit, 32 appenders`, grouped, 'events/s', bare),
    ];
  } finally {
    await store.close();
    await database.drop();
  }
}

async function appendBulk(
  store: Awaited<ReturnType<typeof open>>['store'],
  leaves: number,
): Promise<void> {
  const batch = 2000;
  const lanes = 4;
  let next = 0;
  await Promise.all(
    Array.from({ length: lanes }, async (_, lane) => {
      while (next < leaves) {
        const count = Math.min(batch, leaves - next);
        next += count;
        await store.append(
          `bulk-${lane}`,
          'any',
          Array.from({ length: count }, (_, i) => newEvent(i)),
        );
      }
    }),
  );
}

async function verifyFigure(): Promise<BenchResult> {
  const { database, store, verifier } = await open('sqlite');
  try {
    await appendBulk(store, VERIFY_LEAVES);
    const { rows } = await sql<{ leaf: Uint8Array }>`SELECT leaf FROM log_leaves`.execute(
      database.db,
    );
    const start = performance.now();
    for (const r of rows) leafHash(r.leaf);
    const bare = rows.length / ((performance.now() - start) / 1000);
    const t0 = performance.now();
    const report = await verifyLog(database, { verifiers: [verifier] });
    const verified = report.size / ((performance.now() - t0) / 1000);
    if (!report.ok) throw new Error('the benchmark log did not verify');
    return result('store/sqlite: full verification', verified, 'leaves/s', bare);
  } finally {
    await store.close();
    await database.drop();
  }
}

function p99(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length * 0.99)] ?? NaN;
}

async function proofFigure(): Promise<BenchResult> {
  const { database, store } = await open('sqlite');
  try {
    await appendBulk(store, PROOF_LEAVES);
    const size = (await store.latestCheckpoint())?.size ?? 0;
    const proofMs: number[] = [];
    const bareMs: number[] = [];
    for (let k = 0; k < 2000; k++) {
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
    await verifyFigure(),
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
}
