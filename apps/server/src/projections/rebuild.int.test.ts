import type { Role } from '@custody/contracts';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DIALECTS } from '../../test/databases.ts';
import { TRANSFER, WALK } from '../../test/http/command-walk.ts';
import { custodyClient, ok, signInAll, walk } from '../../test/http/custody-client.ts';
import { detentionPayload } from '../../test/http/command-walk.ts';
import { custodyHarness, type CustodyHarness } from '../../test/http/custody-harness.ts';
import type { SignedIn } from '../../test/http/harness.ts';
import { accountsDb } from '../accounts/database.ts';
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
