import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DIALECTS } from '../../test/databases.ts';
import { openKit, type StoreKit } from '../store/store.test-kit.ts';
import { projectionMigrations } from './projections.migrations.ts';
import { replaceSlice, type SliceRange } from './rebuild.ts';
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

describe.each(DIALECTS)('replaceSlice on %s', (dialect) => {
  let kit: StoreKit;

  beforeAll(async () => {
    kit = await openKit(dialect, 0, projectionMigrations);
  });
  afterAll(() => kit.close());

  const database = () => kit.database;
  const replace = (range: SliceRange, rows: ReturnType<typeof row>[], batch?: number) =>
    kit.store.withLogLocked((log) => replaceSlice(database(), log, range, rows, batch));
  const stored = async () =>
    (await projectionDb(database()).selectFrom('record_summaries').selectAll().execute())
      .map((r) => ({ ...r, last_log_index: Number(r.last_log_index) }))
      .sort((a, b) => a.record_id.localeCompare(b.record_id));
  const id = (i: number) => row(i).record_id;

  test('replaces the rows of its range whatever their version, in batches, and drops those no longer projected there', async () => {
    await projectionDb(database())
      .insertInto('record_summaries')
      .values([row(1, 5), row(2, 1), row(6, 2), row(8, 1), row(99, 7)])
      .execute();
    // Records 3 to 7: record 1 (before) and 8 (after) stay, 6 is gone from the log.
    await replace(
      { after: id(2), through: id(7) },
      [3, 7, 4, 5].map((i) => row(i)),
      2,
    );
    expect(await stored()).toEqual([
      row(1, 5),
      row(2, 1),
      ...[3, 4, 5, 7].map((i) => row(i)),
      row(8, 1),
      row(99, 7),
    ]);
    // The last slice runs to the end; a row of a higher version than the log's is replaced.
    await replace({ after: id(7), through: undefined }, [row(99, 3)]);
    expect((await stored()).map((r) => [r.record_id, r.version])).toEqual([
      [id(1), 5],
      [id(2), 1],
      [id(3), 1],
      [id(4), 1],
      [id(5), 1],
      [id(7), 1],
      [id(99), 3],
    ]);
  });

  test('an empty slice empties its range only', async () => {
    await replace({ after: '', through: undefined }, [row(1), row(2), row(3)]);
    await replace({ after: id(1), through: id(2) }, []);
    expect(await stored()).toEqual([row(1), row(3)]);
    await replace({ after: '', through: undefined }, []);
    expect(await stored()).toEqual([]);
  });

  test('a failed batch rolls the whole slice back', async () => {
    await replace({ after: '', through: undefined }, [row(1), row(2)]);
    const bad = { ...row(3), person_name: null } as unknown as ReturnType<typeof row>;
    await expect(
      replace({ after: '', through: undefined }, [row(1, 2), row(4), bad], 2),
    ).rejects.toThrow();
    expect(await stored()).toEqual([row(1), row(2)]);
  });
});
