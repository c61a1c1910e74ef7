import type { LiveRecordEvent } from '@custody/contracts';
import { generateSignerKey, signerFromSkey } from '@custody/ledger';
import { sql } from 'kysely';
import { afterEach, describe, expect, test } from 'vitest';
import { DIALECTS, freshDatabase, freshPostgres, type TestDatabase } from '../../test/databases.ts';
import { openDatabase, type Database } from '../db/database.ts';
import { migrate } from '../db/migrate.ts';
import { timeOrderedId } from '../ids.ts';
import { allMigrations } from '../ops/serve.ts';
import { projectionDb } from '../projections/record-summaries.table.ts';
import { summaryRow } from '../projections/summary-row.test-kit.ts';
import { createEventStore } from '../store/index.ts';
import { createLiveBus, type LiveBus, type Wakeups } from './live-bus.ts';
import { logFeed, type LiveFeed } from './live-feed.ts';
import { openLiveBus } from './open-live-bus.ts';
import { pgWakeups } from './pg-wakeups.ts';
import { accessStream } from '../streams.ts';

const ORIGIN = 'custody.live/log';
const signer = signerFromSkey(generateSignerKey(ORIGIN).skey);

const event = (type = 'DrinkOffered') => {
  const at = new Date().toISOString();
  return {
    id: timeOrderedId(),
    type,
    occurredAt: at,
    recordedAt: at,
    actor: { id: 'u1', role: 'duty_inspector' },
    payload: { accepted: true },
  };
};

/** The summary row a record's projection writes; only unit and version matter here. */
async function summary(database: Database, recordId: string, unitId: string) {
  await projectionDb(database)
    .insertInto('record_summaries')
    .values(summaryRow({ record_id: recordId, unit_id: unitId, t0: new Date().toISOString() }))
    .execute();
}

/** Resolves with what the bus delivered once `n` events arrived (rejects after `ms`). */
function collect(bus: LiveBus, n: number, ms = 3000): Promise<LiveRecordEvent[]> {
  const got: LiveRecordEvent[] = [];
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`${got.length} of ${n} events: ${JSON.stringify(got)}`));
    }, ms);
    const stop = bus.subscribe((e) => {
      got.push(e);
      if (got.length < n) return;
      clearTimeout(timer);
      stop();
      resolve(got);
    });
  });
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function world(dialect: (typeof DIALECTS)[number]) {
  const db = await freshDatabase(dialect);
  cleanups.push(() => db.drop());
  await migrate(db, allMigrations);
  const store = await createEventStore({ database: db, signer, origin: ORIGIN });
  cleanups.push(() => store.close());
  return { db, store };
}

async function bus(
  database: Database,
  options: { pollMs?: number; holdMs?: number; feed?: LiveFeed } = {},
) {
  const b = createLiveBus({
    feed: options.feed ?? logFeed(database),
    ...(database.pgPool === undefined ? {} : { wakeups: pgWakeups(database.pgPool) }),
    ...options,
  });
  await b.start();
  cleanups.push(() => b.close());
  return b;
}

describe.each(DIALECTS)('the live bus on %s', (dialect) => {
  test('delivers the entries of records in log order with their unit, not read audits, nothing from before it started', async () => {
    const { db, store } = await world(dialect);
    await summary(db, 'r0', 'unit-0');
    await store.append('r0', 0, [event()]);
    const live = await bus(db, { pollMs: 0 });
    const got = collect(live, 3);
    await summary(db, 'r1', 'unit-1');
    await summary(db, 'r2', 'unit-2');
    await store.append('r1', 0, [event(), event()]);
    await store.append(accessStream('r1'), 'any', [event('RecordRead')]);
    await store.append('r2', 0, [event()]);
    live.appended();
    const events = await got;
    expect(events.map((e) => [e.recordId, e.unitId, e.version, e.logIndex])).toEqual([
      ['r1', 'unit-1', 1, 1],
      ['r1', 'unit-1', 2, 2],
      ['r2', 'unit-2', 1, 4],
    ]);
  });

  test('an append it was not told of arrives with the next poll', async () => {
    const { db, store } = await world(dialect);
    const live = await bus(db, { pollMs: 100 });
    const got = collect(live, 1);
    await summary(db, 'r1', 'unit-1');
    await store.append('r1', 0, [event()]);
    expect((await got)[0]?.recordId).toBe('r1');
  });

  test('an entry whose record has no summary yet waits for it, and later entries wait behind it', async () => {
    const { db, store } = await world(dialect);
    const live = await bus(db, { pollMs: 0, holdMs: 60_000 });
    const got = collect(live, 2);
    await store.append('r1', 0, [event()]);
    await summary(db, 'r2', 'unit-2');
    await store.append('r2', 0, [event()]);
    live.appended();
    await new Promise((resolve) => setTimeout(resolve, 200));
    await summary(db, 'r1', 'unit-1');
    live.appended();
    expect((await got).map((e) => e.recordId)).toEqual(['r1', 'r2']);
  });

  test('told the log size after its own append while nobody listens, it reads nothing (nor on its own notification); a later listener gets what follows', async () => {
    const { db, store } = await world(dialect);
    const log = logFeed(db);
    let reads = 0;
    const feed: LiveFeed = {
      read: (from, limit) => ((reads += 1), log.read(from, limit)),
      size: () => ((reads += 1), log.size()),
    };
    const live = await bus(db, { pollMs: 0, feed });
    await summary(db, 'r1', 'unit-1');
    const before = reads;
    const first = await store.append('r1', 0, [event()]);
    live.appended((first.events[0]?.logIndex ?? 0) + 1);
    // Long enough for the NOTIFY of PostgreSQL to come back to this process's own listener.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(reads).toBe(before);
    const got = collect(live, 1);
    const second = await store.append('r1', 1, [event()]);
    live.appended((second.events[0]?.logIndex ?? 0) + 1);
    expect((await got).map((e) => e.version)).toEqual([2]);
  });

  test('an entry that never gets a summary is passed over after the hold', async () => {
    const { db, store } = await world(dialect);
    const live = await bus(db, { pollMs: 50, holdMs: 300 });
    const got = collect(live, 1);
    await store.append('not-a-record', 'any', [event()]);
    await summary(db, 'r2', 'unit-2');
    await store.append('r2', 0, [event()]);
    live.appended();
    expect((await got).map((e) => e.recordId)).toEqual(['r2']);
  });
});

describe('the live bus across processes on PostgreSQL (LISTEN/NOTIFY)', () => {
  let shared: TestDatabase;

  /** A second "process": its own pool on the same database. */
  function otherProcess(): Database {
    const other = openDatabase(shared.url);
    cleanups.push(() => other.close());
    return other;
  }

  test('an append announced by one process reaches the other without polling, also after its listening connection was cut', async () => {
    shared = await freshPostgres();
    cleanups.push(() => shared.drop());
    await migrate(shared, allMigrations);
    const store = await createEventStore({ database: shared, signer, origin: ORIGIN });
    cleanups.push(() => store.close());
    const writer = await bus(shared, { pollMs: 0 });
    const reader = await bus(otherProcess(), { pollMs: 0 });
    await summary(shared, 'r1', 'unit-1');

    const first = collect(reader, 1, 1000);
    await store.append('r1', 0, [event()]);
    writer.appended();
    expect((await first)[0]?.version).toBe(1);

    const cut = await sql<{ n: number }>`
      SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity
       WHERE datname = current_database() AND query = 'LISTEN custody_log'`.execute(shared.db);
    expect(cut.rows[0]?.n).toBe(2);
    const missed = collect(reader, 2, 5000);
    await store.append('r1', 1, [event()]);
    writer.appended();
    await store.append('r1', 2, [event()]);
    expect((await missed).map((e) => e.version)).toEqual([2, 3]);
  });

  test('openLiveBus listens on PostgreSQL', async () => {
    const pgDb = await freshPostgres();
    cleanups.push(() => pgDb.drop());
    await migrate(pgDb, allMigrations);
    const live = await openLiveBus(pgDb, { pollMs: 0 });
    cleanups.push(() => live.close());
    const listening = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM pg_stat_activity
       WHERE datname = current_database() AND query = 'LISTEN custody_log'`.execute(pgDb.db);
    expect(listening.rows[0]?.n).toBe(1);
  });
});

describe('announcing appends to the other processes', () => {
  test('the appends reported in one turn are announced once; one reported while that is on its way, once more after', async () => {
    const sent: number[] = [];
    let finish: () => void = () => undefined;
    const wakeups: Wakeups = {
      start: () => Promise.resolve(),
      announce: () =>
        new Promise<void>((resolve) => {
          sent.push(performance.now());
          finish = resolve;
        }),
      stop: () => Promise.resolve(),
    };
    const feed: LiveFeed = { read: () => Promise.resolve([]), size: () => Promise.resolve(0) };
    const live = createLiveBus({ feed, wakeups, pollMs: 0 });
    await live.start();
    cleanups.push(() => live.close());
    const turn = () => new Promise((resolve) => setImmediate(resolve));
    // A group commit's appends, answered together: one announcement covers them all.
    for (let i = 1; i <= 14; i++) live.appended(i + 1);
    await turn();
    expect(sent).toHaveLength(1);
    finish();
    await turn();
    await turn();
    expect(sent).toHaveLength(1);
    // The next group; then one append while its announcement is on its way: one more, after it.
    for (let i = 15; i <= 28; i++) live.appended(i + 1);
    await turn();
    expect(sent).toHaveLength(2);
    live.appended(30);
    await turn();
    expect(sent).toHaveLength(2);
    finish();
    await turn();
    await turn();
    expect(sent).toHaveLength(3);
    finish();
    await turn();
    await turn();
    expect(sent).toHaveLength(3);
  });
});
