import type { Role } from '@custody/contracts';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DIALECTS } from '../../test/databases.ts';
import { TRANSFER, WALK } from '../../test/http/command-walk.ts';
import { custodyClient, ok, signInAll, walk } from '../../test/http/custody-client.ts';
import { detentionPayload } from '../../test/http/command-walk.ts';
import { custodyHarness, type CustodyHarness } from '../../test/http/custody-harness.ts';
import type { SignedIn } from '../../test/http/harness.ts';
import { accountsDb } from '../accounts/database.ts';
import type { EventStore } from '../store/index.ts';
import { markStale, projectionCursor, rebuildIfStale, rebuildProjections } from './index.ts';
import { projectionDb } from './record-summaries.table.ts';

describe.each(DIALECTS)('projections on %s', (dialect) => {
  let h: CustodyHarness;
  let users: Record<Role, SignedIn>;

  beforeAll(async () => {
    h = await custodyHarness(dialect);
    users = await signInAll(h);
  });
  afterAll(() => h.close());

  const summaries = () =>
    projectionDb(h.database)
      .selectFrom('record_summaries')
      .selectAll()
      .orderBy('record_id')
      .execute()
      .then((rows) => rows.map((r) => ({ ...r, last_log_index: Number(r.last_log_index) })));
  const rebuild = () => rebuildProjections({ database: h.database, store: h.store });

  test('rebuildProjections gives the same summaries as the write transactions did', async () => {
    await walk(h, users, WALK);
    await walk(h, users, [TRANSFER]);
    await walk(h, users, WALK.slice(0, 3));
    await walk(h, users, []);
    const incremental = await summaries();
    expect(incremental).toHaveLength(4);
    expect(await rebuild()).toBe(4);
    expect(await summaries()).toEqual(incremental);
    expect(await projectionCursor(h.database)).toBe((await h.logSize()) - 1);
    if (dialect === 'postgres') {
      // The planner knows the tables, whether or not autovacuum runs: the log's before the rebuild
      // reads it (a stream read's plan depends on them) and again after it, with the ones it
      // rebuilt (the search's plan depends on those).
      const analyzed = async () => {
        await sql`SELECT pg_stat_clear_snapshot()`.execute(h.database.db);
        const { rows } = await sql<{ relname: string; n: string | number }>`
          SELECT relname, analyze_count AS n FROM pg_stat_user_tables
          WHERE relname IN ('log_leaves', 'log_payloads', 'record_summaries')
          ORDER BY relname`.execute(h.database.db);
        return rows.map((x) => [x.relname, Number(x.n)] as const);
      };
      const before = await analyzed();
      await rebuild();
      const after = await analyzed();
      expect(after.map(([name, n], i) => [name, n - (before[i]?.[1] ?? 0)])).toEqual([
        ['log_leaves', 2],
        ['log_payloads', 2],
        ['record_summaries', 2],
      ]);
    }
  });

  test('a record opened in a unit stays there from the log alone, whatever its opener does next', async () => {
    const { recordId } = await walk(h, users, []);
    const other = h.units.other;
    await accountsDb(h.database)
      .updateTable('users')
      .set({ unit_id: other })
      .where('id', '=', users.detaining_officer.userId)
      .execute();
    await projectionDb(h.database).deleteFrom('record_summaries').execute();
    try {
      await rebuild();
      const row = (await summaries()).find((r) => r.record_id === recordId);
      expect(row?.unit_id).toBe(h.units.own);
    } finally {
      await accountsDb(h.database)
        .updateTable('users')
        .set({ unit_id: h.units.own })
        .where('id', '=', users.detaining_officer.userId)
        .execute();
    }
  });

  test('a record whose opening entry names no unit (older records) keeps the unit of its summary, else its opener’s', async () => {
    const stream = 'legacy-record-1';
    const at = h.clock.now().toISOString();
    const { recordId: _unused, ...payload } = { recordId: stream, ...detentionPayload() };
    await h.store.append(stream, 0, [
      {
        id: '00000000-0000-4000-8000-00000000abcd',
        type: 'DetentionRecorded',
        occurredAt: at,
        recordedAt: at,
        actor: { id: users.detaining_officer.userId, role: 'detaining_officer' },
        payload: { ...payload, recordId: stream },
      },
    ]);
    expect(await rebuild()).toBeGreaterThan(0);
    const first = (await summaries()).find((r) => r.record_id === stream);
    expect(first?.unit_id).toBe(h.units.own);
    await projectionDb(h.database)
      .updateTable('record_summaries')
      .set({ unit_id: h.units.other })
      .where('record_id', '=', stream)
      .execute();
    await rebuild();
    expect((await summaries()).find((r) => r.record_id === stream)?.unit_id).toBe(h.units.other);
  });

  test('summaries marked stale are rebuilt by rebuildIfStale, once', async () => {
    const { recordId } = await walk(h, users, WALK.slice(0, 2));
    const before = await summaries();
    await projectionDb(h.database)
      .deleteFrom('record_summaries')
      .where('record_id', '=', recordId)
      .execute();
    await markStale(h.database);
    expect(await rebuildIfStale({ database: h.database, store: h.store })).toBe(before.length);
    expect(await summaries()).toEqual(before);
    expect(await rebuildIfStale({ database: h.database, store: h.store })).toBeNull();
  });

  test('in slices of one, two or three records it writes what one slice of all does, holding no more than a slice', async () => {
    await walk(h, users, WALK.slice(0, 2));
    await walk(h, users, []);
    const incremental = await summaries();
    expect(incremental.length).toBeGreaterThan(4);
    for (const slice of [1, 2, 3]) {
      let held = 0;
      const store: EventStore = {
        ...h.store,
        async readEventsOf(ids, from) {
          held = Math.max(held, ids.length);
          return h.store.readEventsOf(ids, from);
        },
      };
      await projectionDb(h.database).updateTable('record_summaries').set({ status: 'x' }).execute();
      expect(await rebuildProjections({ database: h.database, store }, slice)).toBe(
        incremental.length,
      );
      expect(await summaries()).toEqual(incremental);
      expect(held).toBe(slice);
    }
  });

  test('a rebuild that dies midway leaves the summaries marked stale, each as a write or a rebuild wrote it, and running again completes it', async () => {
    const incremental = await summaries();
    const ids = incremental.map((r) => r.record_id);
    expect(ids.length).toBeGreaterThan(4);
    // Summaries that need the rebuild: every one renamed, one lost, one of no record in the log.
    const db = projectionDb(h.database);
    await db.updateTable('record_summaries').set({ person_name: 'stale' }).execute();
    await db
      .deleteFrom('record_summaries')
      .where('record_id', '=', ids[1] ?? '')
      .execute();
    await db
      .insertInto('record_summaries')
      .values({ ...incremental[0], record_id: '~no-such-record', person_name: 'stale' } as never)
      .execute();
    let slices = 0;
    const crashing: EventStore = {
      ...h.store,
      withLogLocked(fn) {
        if (++slices < 3) return h.store.withLogLocked(fn);
        // Dies after writing the third slice, before its transaction commits.
        return h.store.withLogLocked(async (log) => {
          await fn(log);
          throw new Error('killed');
        });
      },
    };
    await expect(rebuildProjections({ database: h.database, store: crashing }, 2)).rejects.toThrow(
      'killed',
    );
    // The first two slices (four records) are rebuilt, the others as they were.
    const half = await summaries();
    expect(half.slice(0, 4)).toEqual(incremental.slice(0, 4));
    expect(half.slice(4).map((r) => r.person_name)).toEqual([
      ...ids.slice(4).map(() => 'stale'),
      'stale',
    ]);
    expect(half.at(-1)?.record_id).toBe('~no-such-record');
    expect(await rebuildIfStale({ database: h.database, store: h.store })).toBe(ids.length);
    expect(await summaries()).toEqual(incremental);
    expect(await projectionCursor(h.database)).toBe((await h.logSize()) - 1);
    expect(await rebuildIfStale({ database: h.database, store: h.store })).toBeNull();
  });

  test('a rebuild while commands commit loses none of their summaries', async () => {
    const c = custodyClient(h);
    const t0 = new Date(h.clock.now().getTime() - 5 * 60_000).toISOString();
    const opens = Array.from({ length: 12 }, () => c.open(users.detaining_officer, t0));
    const [, ...opened] = await Promise.all([rebuild(), ...opens]);
    const ids = opened.map((r) => ok<{ recordId: string }>(r).recordId);
    const rows = await summaries();
    for (const id of ids) expect(rows.map((r) => r.record_id)).toContain(id);
    await rebuild();
    expect(await summaries()).toEqual(rows);
  });
});
