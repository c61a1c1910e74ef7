import type { Role } from '@custody/contracts';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DIALECTS } from '../../test/databases.ts';
import { TRANSFER, WALK } from '../../test/http/command-walk.ts';
import { signInAll, walk } from '../../test/http/custody-client.ts';
import { custodyHarness, type CustodyHarness } from '../../test/http/custody-harness.ts';
import type { SignedIn } from '../../test/http/harness.ts';
import { projectionCursor, rebuildProjections } from './index.ts';
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

  test('rebuildProjections gives the same summaries as the incremental path', async () => {
    await walk(h, users, WALK);
    await walk(h, users, [TRANSFER]);
    await walk(h, users, WALK.slice(0, 3));
    await walk(h, users, []);
    const incremental = await summaries();
    expect(incremental).toHaveLength(4);
    const cursor = await projectionCursor(h.database);
    expect(await rebuildProjections({ database: h.database, store: h.store })).toBe(4);
    expect(await summaries()).toEqual(incremental);
    expect(await projectionCursor(h.database)).toBe(cursor);
  });
});
