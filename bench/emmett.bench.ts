import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { generateSignerKey, signerFromSkey } from '@custody/ledger';
import type { DialectName } from '../apps/server/src/db/database.ts';
import { migrate } from '../apps/server/src/db/migrate.ts';
import {
  createEventStore,
  storeMigrations,
  type EventStore,
} from '../apps/server/src/store/index.ts';
import { freshDatabase, freshPostgres, type TestDatabase } from '../apps/server/test/databases.ts';
import { DIALECTS } from './load-generator.ts';
import { result, type BenchResult } from './result.ts';
import { cellCheckPayload, newEvent } from './cell-check.ts';

/**
 * The event store against Emmett 0.42 (github.com/event-driven-io/emmett; its SQLite and
 * PostgreSQL stores, devDependencies of bench/package.json only) on the same file system and the
 * same PostgreSQL server, in the same process, scenario by scenario, the two stores alternating
 * round by round so that both see the same load from the rest of the machine. The figure is the
 * store's rate over Emmett's (higher is better for the store; 1.0 is parity).
 *
 * Both write durably, and the benchmark checks it before it measures: on SQLite each store's
 * connection runs WAL with `synchronous=FULL` (Emmett's is set so explicitly, whatever its
 * driver's build default; both are read back and the run stops if either differs), so each
 * commit syncs the WAL; on PostgreSQL both commit with the server's `synchronous_commit`
 * (neither changes it; read back and printed).
 */

const ORIGIN = 'custody.bench/peer';
/** Installed by `npm run bench` into bench/node_modules (bench/package.json), not the product's. */
const PEER_SQLITE: string = '@event-driven-io/emmett-sqlite';
const PEER_POSTGRES: string = '@event-driven-io/emmett-postgresql';
/** The pool cache under Emmett's PostgreSQL store (its own dependency, the same instance). */
const PEER_DUMBO: string = '@event-driven-io/dumbo';
/**
 * Rounds per scenario, the two stores alternating in each. Many short rounds rather than a few
 * long ones: on a shared machine the cost of an fsync swings tenfold within seconds, and only
 * fine alternation lets both stores see the same swings.
 */
const ROUNDS = Number(process.env['BENCH_PEER_ROUNDS'] ?? 8);
const STREAM_LENGTH = 1000;
/** `BENCH_PEER_ONLY=sequential` runs only the scenarios whose name contains it. */
const ONLY = process.env['BENCH_PEER_ONLY'] ?? '';

/** The same entry as an Emmett event: the payload as data, the rest as metadata. */
function peerEvent(i: number) {
  return {
    type: 'CellCheckRecorded',
    data: cellCheckPayload(i),
    metadata: {
      occurredAt: '2025-01-01T10:00:00.000Z',
      recordedAt: '2025-01-01T10:00:05.000Z',
      actor: { id: 'officer-17', role: 'duty-inspector' },
    },
  };
}

/** What a scenario needs of either store. */
interface Subject {
  /** Appends one event; `expected` is the stream's version before it, or 'any'. */
  append(stream: string, expected: number | 'any', i: number): Promise<void>;
  appendMany(stream: string, expected: number, from: number, count: number): Promise<void>;
  /** Reads the whole stream as a caller without proofs does; returns how many events came back. */
  read(stream: string): Promise<number>;
  /** The store only: reads it with every event's leaf hashes (`readStream`). */
  readWithHashes?(stream: string): Promise<number>;
  close(): Promise<void>;
}

/** How each store's database is set to commit; the same for both, or the run stops. */
interface Durability {
  sqlite?: { journalMode: string; synchronous: number };
  postgres?: { synchronousCommit: string };
}

async function custodySubject(dialect: DialectName): Promise<Subject & Durability> {
  const database: TestDatabase = await freshDatabase(dialect);
  await migrate(database, storeMigrations);
  const raw = database.sqlite;
  const durability: Durability =
    raw === undefined
      ? { postgres: { synchronousCommit: await showSynchronousCommit(database.url) } }
      : {
          sqlite: {
            journalMode: String(raw.pragma('journal_mode', { simple: true })),
            synchronous: Number(raw.pragma('synchronous', { simple: true })),
          },
        };
  const store: EventStore = await createEventStore({
    database,
    signer: signerFromSkey(generateSignerKey(ORIGIN).skey),
    origin: ORIGIN,
  });
  return {
    ...durability,
    async append(stream, expected, i) {
      await store.append(stream, expected, [newEvent(i)]);
    },
    async appendMany(stream, expected, from, count) {
      const events = Array.from({ length: count }, (_, k) => newEvent(from + k));
      await store.append(stream, expected, events);
    },
    async read(stream) {
      return (await store.readEvents(stream)).length;
    },
    async readWithHashes(stream) {
      return (await store.readStream(stream)).length;
    },
    async close() {
      await store.close();
      await database.drop();
    },
  };
}

interface PeerStore {
  appendToStream(
    stream: string,
    events: ReturnType<typeof peerEvent>[],
    options?: { expectedStreamVersion?: bigint },
  ): Promise<unknown>;
  readStream(stream: string): Promise<{ events: unknown[] }>;
  close?(): Promise<void>;
}

/**
 * Emmett's SQLite store opens a connection per call and sets no busy timeout: with concurrent
 * writers a BEGIN fails with SQLITE_BUSY, Emmett logs it with console.log, tries a ROLLBACK that
 * fails ("no transaction is active") and rejects with that. Emmett's PostgreSQL store rejects
 * concurrent appends to one stream without an expected version with
 * `ExpectedVersionConflictError: Expected version NO_CONCURRENCY_CHECK ...`. Such a call is
 * retried, as its caller would, and counted.
 */
const busy = (e: unknown): boolean =>
  /SQLITE_BUSY|database is locked|no transaction is active|NO_CONCURRENCY_CHECK/.test(
    e instanceof Error ? `${e.message} ${String(e)}` : String(e),
  );

/** Emmett calls retried (`busy`), by database. */
const retries = { sqlite: 0, postgres: 0 };
let pragmaFailures = 0;

/**
 * While Emmett's SQLite store runs: its `PRAGMA journal_mode = WAL` on each new connection runs
 * without a callback, so a busy database makes it an uncaught 'error' event (the pragma is a
 * no-op on a file already in WAL mode; counted and ignored), and its console.log of the errors
 * it then retries is kept off stdout, where the table goes.
 */
function quietPeer(): () => void {
  const log = console.log;
  console.log = (...args: unknown[]) => {
    if (args.length === 1 && busy(args[0])) return;
    log(...args);
  };
  const onUncaught = (e: unknown) => {
    if (!busy(e)) throw e;
    pragmaFailures++;
  };
  process.on('uncaughtException', onUncaught);
  return () => {
    console.log = log;
    process.off('uncaughtException', onUncaught);
  };
}

/** The `synchronous_commit` a new connection to the database at `url` gets. */
async function showSynchronousCommit(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ synchronous_commit: string }>('SHOW synchronous_commit');
    return rows[0]?.synchronous_commit ?? '?';
  } finally {
    await client.end();
  }
}

/** Emmett's SQLite connection as `sqliteConnection` returns it (the parts used here). */
interface PeerConnection {
  close(): void;
  command(sql: string): Promise<unknown>;
  querySingle<T>(sql: string): Promise<T | null>;
}

let endedByServer = 0;

/**
 * While Emmett's PostgreSQL store runs: a connection the server ends (57P01, "terminating
 * connection due to administrator command": a DROP DATABASE ... WITH (FORCE) or
 * pg_terminate_backend of another session on the shared server) reaches an idle client of
 * Emmett's pool, which emits 'error' with no listener; counted and ignored, as the store's own
 * pool does (db/database.ts). A query that was running on it fails its scenario instead.
 */
function endedConnections(): () => void {
  const onUncaught = (e: unknown) => {
    if ((e as { code?: unknown } | null)?.code !== '57P01') throw e;
    endedByServer++;
  };
  process.on('uncaughtException', onUncaught);
  return () => process.off('uncaughtException', onUncaught);
}

async function peerSubject(dialect: DialectName): Promise<Subject & Durability> {
  let durability: Durability;
  let store: PeerStore;
  let cleanup: () => Promise<void>;
  let closeConnection: () => void = () => undefined;
  if (dialect === 'sqlite') {
    const restore = quietPeer();
    const dir = mkdtempSync(join(tmpdir(), 'custody-peer-'));
    const { getSQLiteEventStore, sqliteConnection } = (await import(PEER_SQLITE)) as {
      getSQLiteEventStore: (o: {
        fileName: string;
        connectionOptions?: { connection: unknown; singleton: boolean };
      }) => PeerStore;
      sqliteConnection: (o: { fileName: string }) => PeerConnection;
    };
    const fileName = join(dir, 'emmett.sqlite');
    // One connection for every call (Emmett's `singleton` option), one call at a time: with a
    // connection per call (the default for a file) 32 concurrent writers make BEGIN fail with
    // SQLITE_BUSY and the process hang within seconds; on one shared connection concurrent
    // calls share Emmett's transaction nesting counter, so one call's COMMIT ends another's
    // transaction and version checks fail (docs/benchmarks.md, "Against a peer").
    const connection = sqliteConnection({ fileName });
    // Emmett sets WAL without waiting for it; set here and awaited, with a sync at every commit
    // as the store has (the sqlite3 build's default too, but stated rather than assumed).
    await connection.command('PRAGMA journal_mode = WAL');
    await connection.command('PRAGMA synchronous = FULL');
    const journal = await connection.querySingle<{ journal_mode: string }>('PRAGMA journal_mode');
    const sync = await connection.querySingle<{ synchronous: number }>('PRAGMA synchronous');
    durability = {
      sqlite: { journalMode: journal?.journal_mode ?? '?', synchronous: sync?.synchronous ?? -1 },
    };
    store = getSQLiteEventStore({ fileName, connectionOptions: { connection, singleton: true } });
    closeConnection = () => {
      connection.close();
    };
    cleanup = () => {
      closeConnection();
      restore();
      rmSync(dir, { recursive: true, force: true });
      return Promise.resolve();
    };
  } else {
    const database = await freshPostgres();
    await database.close();
    durability = { postgres: { synchronousCommit: await showSynchronousCommit(database.url) } };
    const { getPostgreSQLEventStore } = (await import(PEER_POSTGRES)) as {
      getPostgreSQLEventStore: (url: string) => PeerStore;
    };
    const { endPool } = (await import(PEER_DUMBO)) as {
      endPool: (o: { connectionString: string; force: boolean }) => Promise<void>;
    };
    store = getPostgreSQLEventStore(database.url);
    const ended = endedConnections();
    cleanup = async () => {
      // Emmett's close() ends its pool only when dumbo's use counter for it reaches zero; an
      // idle client of a pool left open is ended by the DROP ... WITH (FORCE) below, and its
      // pool's 'error' event, with no listener, would end the process (it did in a run).
      await endPool({ connectionString: database.url, force: true });
      await database.drop();
      ended();
    };
  }
  let tail: Promise<unknown> = Promise.resolve();
  const serial = <T>(f: () => Promise<T>): Promise<T> => {
    if (dialect !== 'sqlite') return f();
    const next = tail.then(f);
    tail = next.catch(() => undefined);
    return next;
  };
  const retrying = async <T>(f: () => Promise<T>): Promise<T> => {
    for (;;) {
      try {
        return await serial(f);
      } catch (e) {
        if (!busy(e)) throw e;
        retries[dialect]++;
        // What a busy handler would do: wait a little (1-4 ms, as SQLite's own first steps).
        await new Promise((resolve) => setTimeout(resolve, 1 + Math.random() * 3));
      }
    }
  };
  return {
    ...durability,
    async append(stream, expected, i) {
      const options = expected === 'any' ? {} : { expectedStreamVersion: BigInt(expected) };
      await retrying(() => store.appendToStream(stream, [peerEvent(i)], options));
    },
    async appendMany(stream, expected, from, count) {
      const events = Array.from({ length: count }, (_, k) => peerEvent(from + k));
      await retrying(() =>
        store.appendToStream(stream, events, { expectedStreamVersion: BigInt(expected) }),
      );
    },
    async read(stream) {
      return (await retrying(() => store.readStream(stream))).events.length;
    },
    async close() {
      await store.close?.();
      await cleanup();
    },
  };
}

interface Scenario {
  name: string;
  unit: string;
  /** Runs round `r` against `s`; returns the work done (events or reads). */
  run(s: Subject, r: number): Promise<number>;
}

/** Reads the stream `long-${r}` of STREAM_LENGTH events, built first; returns minus the rate. */
async function readScenario(
  s: Subject,
  r: number,
  reads: number,
  read: (s: Subject, stream: string) => Promise<number>,
): Promise<number> {
  const stream = `long-${r}`;
  for (let at = 0; at < STREAM_LENGTH; at += 100) await s.appendMany(stream, at, at, 100);
  const t = performance.now();
  for (let k = 0; k < reads; k++) {
    const n = await read(s, stream);
    if (n !== STREAM_LENGTH) throw new Error(`read ${n} of ${STREAM_LENGTH} events`);
  }
  return -(reads / ((performance.now() - t) / 1000));
}

function scenarios(dialect: DialectName): Scenario[] {
  const sequential = dialect === 'sqlite' ? 100 : 50;
  const perWriter = dialect === 'sqlite' ? 10 : 5;
  const reads = dialect === 'sqlite' ? 20 : 10;
  return [
    {
      name: 'sequential single-event appends, one writer',
      unit: 'events/s',
      async run(s, r) {
        for (let i = 0; i < sequential; i++) await s.append(`seq-${r}`, i, i);
        return sequential;
      },
    },
    {
      name: '32 writers, each on its own stream',
      unit: 'events/s',
      async run(s, r) {
        await Promise.all(
          Array.from({ length: 32 }, async (_, w) => {
            for (let i = 0; i < perWriter; i++) await s.append(`own-${r}-${w}`, i, i);
          }),
        );
        return 32 * perWriter;
      },
    },
    {
      name: '32 writers on one stream (no expected version)',
      unit: 'events/s',
      async run(s, r) {
        await Promise.all(
          Array.from({ length: 32 }, async (_, w) => {
            for (let i = 0; i < perWriter; i++) await s.append(`shared-${r}`, 'any', w * 100 + i);
          }),
        );
        return 32 * perWriter;
      },
    },
    {
      name: `reading a ${STREAM_LENGTH}-event stream`,
      unit: 'reads/s',
      run: (s, r) => readScenario(s, r, reads, (x, stream) => x.read(stream)),
    },
    {
      // Not one of the four: the store's read with every leaf hash (what the record page and
      // the exports read) against the same read of Emmett, which has no hashes to return.
      name: `reading a ${STREAM_LENGTH}-event stream with its leaf hashes (store: readStream)`,
      unit: 'reads/s',
      run: (s, r) => readScenario(s, r, reads, (x, stream) => (x.readWithHashes ?? x.read)(stream)),
    },
  ];
}

/**
 * One scenario, ROUNDS rounds, the two stores alternating (which goes first alternates too).
 * A scenario whose run returns a negative number measured its own rate (the read scenario,
 * which must not time the appends that build the stream).
 */
async function compare(
  dialect: DialectName,
  scenario: Scenario,
  mine: Subject,
  peer: Subject,
): Promise<BenchResult> {
  const seconds = { mine: 0, peer: 0 };
  const work = { mine: 0, peer: 0 };
  const rates = { mine: [] as number[], peer: [] as number[] };
  /** Each round's ratio, to show how far the machine moved the figure. */
  const roundRatios: number[] = [];
  /** CPU time of this process (all its threads) during each store's turns. */
  const cpu = { mine: 0, peer: 0 };
  for (let r = 0; r < ROUNDS; r++) {
    const order: ('mine' | 'peer')[] = r % 2 === 0 ? ['mine', 'peer'] : ['peer', 'mine'];
    const round = { mine: 0, peer: 0 };
    for (const who of order) {
      const t = performance.now();
      const c = process.cpuUsage();
      const done = await scenario.run(who === 'mine' ? mine : peer, r);
      const used = process.cpuUsage(c);
      cpu[who] += (used.user + used.system) / 1000;
      if (done < 0) {
        rates[who].push(-done);
        round[who] = -done;
      } else {
        const took = (performance.now() - t) / 1000;
        seconds[who] += took;
        work[who] += done;
        round[who] = done / took;
      }
    }
    roundRatios.push(round.mine / round.peer);
  }
  const rate = (who: 'mine' | 'peer') =>
    rates[who].length > 0
      ? rates[who].reduce((a, b) => a + b, 0) / rates[who].length
      : work[who] / seconds[who];
  const label = `emmett/${dialect}: ${scenario.name}, store vs Emmett 0.42`;
  const figure = result(label, rate('mine'), scenario.unit, rate('peer'));
  const sorted = [...roundRatios].sort((a, b) => a - b);
  const spread = `rounds ${(sorted[0] ?? 0).toFixed(2)}-${(sorted.at(-1) ?? 0).toFixed(2)}x`;
  // A turn of the read scenario also builds its stream.
  const cpuPerTurn = (who: 'mine' | 'peer') => (cpu[who] / ROUNDS).toFixed(0);
  console.error(
    `  ${label}: ${figure.value.toFixed(0)} vs ${figure.baseline.toFixed(0)} ${scenario.unit} ` +
      `(${figure.ratio.toFixed(2)}x; ${spread}; load ${loadavg()[0]?.toFixed(1) ?? '?'}; ` +
      `CPU of this process per turn ${cpuPerTurn('mine')} vs ${cpuPerTurn('peer')} ms)`,
  );
  return figure;
}

const durabilityShown = new Set<DialectName>();

/** Stops the run unless both stores commit durably and alike (see the file's comment). */
function sameDurability(dialect: DialectName, mine: Durability, peer: Durability): void {
  const a = JSON.stringify(mine[dialect]);
  const b = JSON.stringify(peer[dialect]);
  const durable =
    dialect === 'sqlite'
      ? mine.sqlite?.journalMode === 'wal' && mine.sqlite.synchronous === 2
      : mine.postgres?.synchronousCommit === 'on';
  if (a !== b || !durable) {
    throw new Error(`${dialect}: the stores do not commit alike: store ${a}, Emmett ${b}`);
  }
  if (!durabilityShown.has(dialect)) {
    durabilityShown.add(dialect);
    const note =
      dialect === 'sqlite' ? ' (synchronous 2 = FULL: the WAL synced at each commit)' : '';
    console.error(`  emmett/${dialect}: both stores commit with ${a}${note}`);
  }
}

export async function run(): Promise<BenchResult[]> {
  const out: BenchResult[] = [];
  for (const dialect of DIALECTS) {
    for (const scenario of scenarios(dialect).filter((x) => x.name.includes(ONLY))) {
      const mine = await custodySubject(dialect);
      const peer = await peerSubject(dialect);
      try {
        sameDurability(dialect, mine, peer);
        out.push(await compare(dialect, scenario, mine, peer));
      } finally {
        await mine.close();
        await peer.close();
      }
    }
    console.error(
      dialect === 'sqlite'
        ? `  Emmett SQLite: ${retries.sqlite} calls retried after SQLITE_BUSY, ` +
            `${pragmaFailures} busy journal_mode pragmas ignored`
        : `  Emmett PostgreSQL: ${retries.postgres} calls retried after a version conflict ` +
            `(concurrent appends to one stream without an expected version conflict there), ` +
            `${endedByServer} idle connections ended by the server ignored`,
    );
  }
  return out;
}
