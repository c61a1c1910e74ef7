import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSignerKey, signerFromSkey } from '@custody/ledger';
import type { DialectName } from '../apps/server/src/db/database.ts';
import { migrate } from '../apps/server/src/db/migrate.ts';
import { timeOrderedId } from '../apps/server/src/ids.ts';
import {
  createEventStore,
  storeMigrations,
  type EventStore,
  type NewEvent,
} from '../apps/server/src/store/index.ts';
import { freshDatabase, freshPostgres, type TestDatabase } from '../apps/server/test/databases.ts';
import { DIALECTS } from './load-generator.ts';
import { result, type BenchResult } from './result.ts';

/**
 * The event store against Emmett 0.42 (github.com/event-driven-io/emmett; its SQLite and
 * PostgreSQL stores, devDependencies of bench/package.json only) on the same file system and the
 * same PostgreSQL server, in the same process, scenario by scenario, the two stores alternating
 * round by round so that both see the same load from the rest of the machine. The figure is the
 * store's rate over Emmett's (higher is better for the store; 1.0 is parity).
 */

const ORIGIN = 'custody.bench/peer';
/** Installed by `npm run bench` into bench/node_modules (bench/package.json), not the product's. */
const PEER_SQLITE: string = '@event-driven-io/emmett-sqlite';
const PEER_POSTGRES: string = '@event-driven-io/emmett-postgresql';
const ROUNDS = Number(process.env['BENCH_PEER_ROUNDS'] ?? 3);
const STREAM_LENGTH = 1000;

const payload = (i: number) => ({
  cell: `K-${i % 12}`,
  condition: 'спить, дихання рівне',
  roused: i % 2 === 0,
});

function newEvent(i: number): NewEvent {
  return {
    id: timeOrderedId(),
    type: 'CellCheckRecorded',
    occurredAt: '2025-01-01T10:00:00.000Z',
    recordedAt: '2025-01-01T10:00:05.000Z',
    actor: { id: 'officer-17', role: 'duty-inspector' },
    payload: payload(i),
  };
}

/** The same entry as an Emmett event: the payload as data, the rest as metadata. */
function peerEvent(i: number) {
  return {
    type: 'CellCheckRecorded',
    data: payload(i),
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
  /** Reads the whole stream; returns how many events came back. */
  read(stream: string): Promise<number>;
  close(): Promise<void>;
}

async function custodySubject(dialect: DialectName): Promise<Subject> {
  const database: TestDatabase = await freshDatabase(dialect);
  await migrate(database, storeMigrations);
  const store: EventStore = await createEventStore({
    database,
    signer: signerFromSkey(generateSignerKey(ORIGIN).skey),
    origin: ORIGIN,
  });
  return {
    async append(stream, expected, i) {
      await store.append(stream, expected, [newEvent(i)]);
    },
    async appendMany(stream, expected, from, count) {
      const events = Array.from({ length: count }, (_, k) => newEvent(from + k));
      await store.append(stream, expected, events);
    },
    async read(stream) {
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
 * fails ("no transaction is active") and rejects with that. Such a call is retried and counted.
 */
const busy = (e: unknown): boolean =>
  /SQLITE_BUSY|database is locked|no transaction is active|NO_CONCURRENCY_CHECK/.test(
    e instanceof Error ? `${e.message} ${String(e)}` : String(e),
  );

let retries = 0;
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

async function peerSubject(dialect: DialectName): Promise<Subject> {
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
      sqliteConnection: (o: { fileName: string }) => { close: () => void };
    };
    const fileName = join(dir, 'emmett.sqlite');
    // One connection for every call (Emmett's `singleton` option), one call at a time: with a
    // connection per call (the default for a file) 32 concurrent writers make BEGIN fail with
    // SQLITE_BUSY and the process hang within seconds; on one shared connection concurrent
    // calls share Emmett's transaction nesting counter, so one call's COMMIT ends another's
    // transaction and version checks fail (docs/benchmarks.md, "Against a peer").
    const connection = sqliteConnection({ fileName });
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
    const { getPostgreSQLEventStore } = (await import(PEER_POSTGRES)) as {
      getPostgreSQLEventStore: (url: string) => PeerStore;
    };
    store = getPostgreSQLEventStore(database.url);
    cleanup = () => database.drop();
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
        retries++;
        // What a busy handler would do: wait a little (1-4 ms, as SQLite's own first steps).
        await new Promise((resolve) => setTimeout(resolve, 1 + Math.random() * 3));
      }
    }
  };
  return {
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

function scenarios(dialect: DialectName): Scenario[] {
  const sequential = dialect === 'sqlite' ? 200 : 100;
  const perWriter = dialect === 'sqlite' ? 20 : 10;
  const reads = dialect === 'sqlite' ? 40 : 20;
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
      async run(s, r) {
        const stream = `long-${r}`;
        for (let at = 0; at < STREAM_LENGTH; at += 100) await s.appendMany(stream, at, at, 100);
        const t = performance.now();
        for (let k = 0; k < reads; k++) {
          const n = await s.read(stream);
          if (n !== STREAM_LENGTH) throw new Error(`read ${n} of ${STREAM_LENGTH} events`);
        }
        return -(reads / ((performance.now() - t) / 1000));
      },
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
  for (let r = 0; r < ROUNDS; r++) {
    const order: ('mine' | 'peer')[] = r % 2 === 0 ? ['mine', 'peer'] : ['peer', 'mine'];
    for (const who of order) {
      const t = performance.now();
      const done = await scenario.run(who === 'mine' ? mine : peer, r);
      if (done < 0) rates[who].push(-done);
      else {
        seconds[who] += (performance.now() - t) / 1000;
        work[who] += done;
      }
    }
  }
  const rate = (who: 'mine' | 'peer') =>
    rates[who].length > 0
      ? rates[who].reduce((a, b) => a + b, 0) / rates[who].length
      : work[who] / seconds[who];
  const label = `emmett/${dialect}: ${scenario.name}, store vs Emmett 0.42`;
  const figure = result(label, rate('mine'), scenario.unit, rate('peer'));
  console.error(
    `  ${label}: ${figure.value.toFixed(0)} vs ${figure.baseline.toFixed(0)} ${scenario.unit} ` +
      `(${figure.ratio.toFixed(2)}x)`,
  );
  return figure;
}

export async function run(): Promise<BenchResult[]> {
  const out: BenchResult[] = [];
  for (const dialect of DIALECTS) {
    for (const scenario of scenarios(dialect)) {
      const mine = await custodySubject(dialect);
      const peer = await peerSubject(dialect);
      try {
        out.push(await compare(dialect, scenario, mine, peer));
      } finally {
        await mine.close();
        await peer.close();
      }
    }
  }
  if (retries > 0 || pragmaFailures > 0) {
    console.error(
      `  Emmett SQLite: ${retries} calls retried after SQLITE_BUSY, ` +
        `${pragmaFailures} busy journal_mode pragmas ignored`,
    );
  }
  return out;
}
