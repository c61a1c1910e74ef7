import { signerFromSkey } from '@custody/ledger';
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DIALECTS } from '../../test/databases.ts';
import { planOf } from '../db/statements.test-kit.ts';
import { bulkLoad } from './bulk-load.bench-kit.ts';
import { selectStreamsOpenedBy } from './rows.ts';
import type { StoreSchema } from './schema.ts';
import { event, openKit, ORIGIN, type StoreKit } from './store.test-kit.ts';

/** Streams of eight entries, as the whiteboard benchmark's closed records. */
const STREAMS = 2000;
const ENTRIES = 8 * STREAMS;

describe.each(DIALECTS)('the streams opened by a type, a slice at a time, on %s', (dialect) => {
  let kit: StoreKit;

  beforeAll(async () => {
    kit = await openKit(dialect);
    // Stream k is `bulk-k`; its first entry is entry k (bulkLoad spreads entries round-robin).
    await bulkLoad(kit.database, signerFromSkey(kit.skey), ORIGIN, ENTRIES, STREAMS, (i) =>
      event(i < STREAMS ? 'DetentionRecorded' : 'CellCheckRecorded'),
    );
    if (dialect === 'postgres') await sql`ANALYZE`.execute(kit.database.db);
  }, 60_000);
  afterAll(() => kit.close());

  test('a slice is one range of the first entries, read in order, however far into the log', async () => {
    const ids = await kit.store.streamsOpenedBy('DetentionRecorded', { after: '' });
    expect(ids).toHaveLength(STREAMS);
    // Two thirds in, 667 streams are left. PostgreSQL, taking type and version as independent,
    // expected 1/64 of the entries after the id to be first entries of the type (~40), fewer than
    // the slice: it read every first entry after the id by bitmap and sorted them.
    const after = ids[Math.floor((2 * STREAMS) / 3)] ?? '';
    const query = selectStreamsOpenedBy(
      kit.database.db as Kysely<StoreSchema>,
      'DetentionRecorded',
      {
        after,
        limit: 250,
      },
    ).compile();
    const plan = await planOf(kit.database, query, dialect === 'postgres');
    // One range of the first entries, in order, that stops at the slice's end.
    expect(plan).toContain('log_leaves_openings');
    expect(plan).not.toMatch(/Sort|Bitmap|Seq Scan|TEMP B-TREE/);
    if (dialect === 'postgres') {
      expect(plan).toMatch(
        /Scan using log_leaves_openings on log_leaves \(actual .* rows=250 loops=1\)/,
      );
    }
    expect(await kit.store.streamsOpenedBy('DetentionRecorded', { after, limit: 250 })).toEqual(
      ids.slice(ids.indexOf(after) + 1).slice(0, 250),
    );
  });
});
