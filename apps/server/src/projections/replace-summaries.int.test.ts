import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DIALECTS } from '../../test/databases.ts';
import { openKit, type StoreKit } from '../store/store.test-kit.ts';
import { projectionMigrations } from './projections.migrations.ts';
import { projectionCursor, replaceSummaries } from './rebuild.ts';
import { projectionDb, type RecordSummariesTable } from './record-summaries.table.ts';
import { summaryRow } from './summary-row.test-kit.ts';

function row(i: number, version = 1): RecordSummariesTable & { last_log_index: number } {
  return summaryRow({
    record_id: `record-${String(i).padStart(3, '0')}`,
    status: i % 2 === 0 ? 'released' : 'in_custody',
    person_name: `Особа ${i}`,
    search_key: `особа ${i}`,
    foreigner: i % 3 === 0 ? 1 : 0,
    custody_number: i % 4 === 0 ? null : `KV-${i}`,
    t0: new Date(Date.UTC(2025, 0, 1, 0, i)).toISOString(),
    version,
    last_log_index: 10 * i + version,
  });
}

describe.each(DIALECTS)('replaceSummaries on %s', (dialect) => {
  let kit: StoreKit;

  beforeAll(async () => {
    kit = await openKit(dialect, 0, projectionMigrations);
  });
  afterAll(() => kit.close());

  const replace = (rows: ReturnType<typeof row>[], batch?: number) =>
    kit.store.withLogLocked((log) =>
      replaceSummaries(
        kit.database,
        log,
        rows,
        rows.reduce((m, r) => Math.max(m, r.last_log_index), -1),
        batch,
      ),
    );
  const database = () => kit.database;

  const stored = async () =>
    (await projectionDb(database()).selectFrom('record_summaries').selectAll().execute())
      .map((r) => ({ ...r, last_log_index: Number(r.last_log_index) }))
      .sort((a, b) => a.record_id.localeCompare(b.record_id));

  test('replaces every row and the cursor, in batches, and drops rows no longer projected', async () => {
    await projectionDb(database())
      .insertInto('record_summaries')
      .values([row(99, 7), row(1, 5)])
      .execute();
    const rows = [3, 1, 4, 0, 2].map((i) => row(i));
    await replace(rows, 2);
    expect(await stored()).toEqual([0, 1, 2, 3, 4].map((i) => row(i)));
    expect(await projectionCursor(database())).toBe(41);
  });

  test('an empty rebuild leaves no summary and the cursor before the log', async () => {
    await replace([row(5)]);
    await replace([]);
    expect(await stored()).toEqual([]);
    expect(await projectionCursor(database())).toBe(-1);
  });

  test('a failed batch rolls the whole replacement back', async () => {
    await replace([row(1), row(2)]);
    const bad = { ...row(3), person_name: null } as unknown as ReturnType<typeof row>;
    await expect(replace([row(4), row(5), bad], 2)).rejects.toThrow();
    expect(await stored()).toEqual([row(1), row(2)]);
    expect(await projectionCursor(database())).toBe(21);
  });
});
