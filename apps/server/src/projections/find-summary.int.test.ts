import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { DIALECTS } from '../../test/databases.ts';
import { openKit, type StoreKit } from '../store/store.test-kit.ts';
import { projectionMigrations } from './projections.migrations.ts';
import { findSummary } from './record-summary.projection.ts';
import { projectionDb } from './record-summaries.table.ts';
import { summaryRow } from './summary-row.test-kit.ts';

describe.each(DIALECTS)('findSummary on %s', (dialect) => {
  let kit: StoreKit;

  beforeAll(async () => {
    kit = await openKit(dialect, 0, projectionMigrations);
    await projectionDb(kit.database)
      .insertInto('record_summaries')
      .values(
        ['r1', 'r2', 'r3'].map((id, i) => summaryRow({ record_id: id, unit_id: `u${i + 1}` })),
      )
      .execute();
  });
  afterAll(() => kit.close());

  test('look-ups asked for together each get their own record (on PostgreSQL in one statement), and the next turn reads anew', async () => {
    const pool = kit.database.pgPool;
    const queries = pool === undefined ? undefined : vi.spyOn(pool, 'query');
    const found = await Promise.all(
      ['r1', 'r2', 'missing', 'r1', 'r3'].map((id) => findSummary(kit.database, id)),
    ).finally(() => vi.restoreAllMocks());
    expect(found.map((r) => r?.unit_id ?? null)).toEqual(['u1', 'u2', null, 'u1', 'u3']);
    expect(found.map((r) => r?.record_id ?? null)).toEqual(['r1', 'r2', null, 'r1', 'r3']);
    if (queries !== undefined) {
      const texts = queries.mock.calls.map(([c]) => (c as { text?: string }).text ?? '');
      expect(texts.filter((t) => t.includes('"record_summaries"'))).toHaveLength(1);
    }
    await projectionDb(kit.database)
      .updateTable('record_summaries')
      .set({ unit_id: 'u9' })
      .where('record_id', '=', 'r2')
      .execute();
    expect((await findSummary(kit.database, 'r2'))?.unit_id).toBe('u9');
  });
});
