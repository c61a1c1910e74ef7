import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { changeUnitPolicy } from '../../test/http/unit-policy.ts';
import { DIALECTS } from '../../test/databases.ts';
import type { SignedIn } from '../../test/http/harness.ts';
import { oversightKit, RecordDriver, type OversightKit } from '../integrity/oversight.test-kit.ts';
import { defaultCustodySettings } from '../records/custody-settings.ts';
import { countsKept, unstoredKept } from './report-counts.test-kit.ts';
import { finalFindingsStored, storeFinalFindings } from './stored-findings.ts';

const START = Date.parse('2025-03-01T07:00:00.000Z');
const RECORDS = 24;
const release = {
  ground: 'suspicion_not_confirmed',
  legalBasis: 'КПК ст. 211 ч. 3',
  propertyReturned: 'none_held',
  recordCopyHandedOver: true,
};

/**
 * `storeFinalFindings` (rebuild-projections) while the appends go on: corrections of closed
 * records, sent together so that group commit writes them in one transaction, in the reverse of
 * the order in which storeFinalFindings writes its page. Every append and every store succeeds,
 * and the kept tables hold what their sources give.
 */
describe.each(DIALECTS)('stored findings written beside appends (%s)', (dialect) => {
  let kit: OversightKit;
  let inspector: SignedIn;
  const drivers: RecordDriver[] = [];

  beforeAll(async () => {
    kit = await oversightKit(dialect, { session: { ttl: 30 * 86_400, idle: 30 * 86_400 } }, START);
    const officer = await kit.signIn('detaining_officer');
    inspector = await kit.signIn('custody_inspector');
    for (let i = 0; i < RECORDS; i++) {
      const t = new Date(START + i * 10 * 60_000);
      const after = (minutes: number) => new Date(t.getTime() + minutes * 60_000).toISOString();
      kit.clock.advance((t.getTime() + 60_000 - kit.clock.now().getTime()) / 1000);
      const d = new RecordDriver(kit, inspector);
      await d.open(t.toISOString(), {}, officer);
      await d.run('RecordDelivery', after(1), { unitId: kit.units.own });
      await d.run('RegisterDetainee', after(1), { custodyNumber: `K-${String(i)}` });
      await d.run('ReleaseDetainee', after(1), release);
      drivers.push(d);
    }
    kit.clock.advance(86_400);
  }, 300_000);
  afterAll(() => kit.close());

  test('corrections appended while the findings are stored again: none fails', async () => {
    const settings = kit.deps.settings ?? defaultCustodySettings();
    const byId = [...drivers].sort((a, b) => b.recordId.localeCompare(a.recordId));
    for (let round = 0; round < 8; round++) {
      // Rows without a list clock are stored again, every one of them in one statement.
      await sql`UPDATE record_findings SET clock = NULL`.execute(kit.database.db);
      const now = kit.clock.now().toISOString();
      const results = await Promise.allSettled([
        storeFinalFindings({ database: kit.database, store: kit.store, settings, now }),
        ...byId.map(async (d) => {
          const [opened] = await kit.store.readStream(d.recordId);
          return d.run('CorrectEntry', now, {
            targetEventId: opened?.id,
            reason: `Уточнення ${String(round)}`,
            correctedFields: { place: { description: `Місце ${String(round)}` } },
          });
        }),
      ]);
      const failed = results.flatMap((r) => (r.status === 'rejected' ? [String(r.reason)] : []));
      expect(failed, `round ${String(round)}`).toEqual([]);
      kit.clock.advance(60);
    }
    await countsKept(kit.database);
    expect(await unstoredKept(kit.database)).toEqual([]);
  });

  // What an append's transaction holds, step by step: the log's head (locked first, until the
  // commit), then its records' rows in the order its requests came (a group commit's rows are
  // not sorted). storeFinalFindings writes its page in record order. PostgreSQL only: SQLite has
  // one writer at a time, so there are no row locks to take in two orders (and no test is
  // registered as skipped there).
  if (dialect === 'postgres')
    test('an append that holds a later record and then writes an earlier one: storeFinalFindings waits for it, no deadlock', async () => {
      const settings = kit.deps.settings ?? defaultCustodySettings();
      const ids = drivers.map((d) => d.recordId).sort();
      const [first, last] = [ids[0] ?? '', ids.at(-1) ?? ''];
      await sql`UPDATE record_findings SET clock = NULL`.execute(kit.database.db);
      let storing: Promise<number> | undefined;
      await kit.database.db.transaction().execute(async (trx) => {
        await sql`SELECT size FROM log_head WHERE id = 1 FOR UPDATE`.execute(trx);
        await sql`UPDATE record_findings SET device_entries = device_entries
          WHERE record_id = ${last}`.execute(trx);
        storing = storeFinalFindings({
          database: kit.database,
          store: kit.store,
          settings,
          now: kit.clock.now().toISOString(),
        });
        // Long enough for it to read the records and write up to the one held here.
        await new Promise((resolve) => setTimeout(resolve, 1500));
        await sql`UPDATE record_findings SET device_entries = device_entries
          WHERE record_id = ${first}`.execute(trx);
      });
      await expect(storing).resolves.toBe(RECORDS);
      await countsKept(kit.database);
      expect(await unstoredKept(kit.database)).toEqual([]);
    });
});

/**
 * A change of one unit's policy stores that unit's closed records again in the background, and
 * reads no other unit's: another unit's rows that `storeFinalFindings` would write (here: their
 * list clocks taken out) are left as they are.
 */
describe.each(DIALECTS)("a unit's policy change stores its own records only (%s)", (dialect) => {
  let kit: OversightKit;
  const mine: string[] = [];
  const theirs: string[] = [];

  beforeAll(async () => {
    kit = await oversightKit(dialect, { session: { ttl: 30 * 86_400, idle: 30 * 86_400 } }, START);
    for (const [unitId, ids] of [
      [kit.units.own, mine],
      [kit.units.other, theirs],
    ] as const) {
      const officer = await kit.signIn('detaining_officer', { unitId });
      const inspector = await kit.signIn('custody_inspector', { unitId });
      for (let i = 0; i < 2; i++) {
        const t = new Date(kit.clock.now().getTime() + 60_000);
        const after = (minutes: number) => new Date(t.getTime() + minutes * 60_000).toISOString();
        kit.clock.advance(120);
        const d = new RecordDriver(kit, inspector);
        await d.open(t.toISOString(), {}, officer);
        await d.run('RecordDelivery', after(1), { unitId });
        await d.run('RegisterDetainee', after(1), { custodyNumber: `${unitId}-${String(i)}` });
        await d.run('ReleaseDetainee', after(1), release);
        ids.push(d.recordId);
      }
    }
    kit.clock.advance(86_400);
  }, 300_000);
  afterAll(() => kit.close());

  test("the other unit's rows are not read again", async () => {
    const rows = async (ids: string[]) =>
      (
        await sql<{ record_id: string; limits: string; clock: string | null }>`
          SELECT record_id, limits, clock FROM record_findings
          WHERE record_id IN (${sql.join(ids)}) ORDER BY record_id`.execute(kit.database.db)
      ).rows;
    expect((await rows(mine)).length).toBe(2);
    // Rows storeFinalFindings stores again (no list clock), in the other unit.
    await sql`UPDATE record_findings SET clock = NULL
      WHERE record_id IN (${sql.join(theirs)})`.execute(kit.database.db);
    const before = await rows(theirs);
    expect(before.map((r) => r.clock)).toEqual([null, null]);
    const supervisor = await kit.signIn('supervisor');
    const { changed } = await changeUnitPolicy(
      kit.app,
      kit.units.own,
      supervisor,
      { cellCheckMinutes: 30, cellCheckWarningMinutes: 5 },
      'Наказ начальника № 12: частіші перевірки',
    );
    expect(changed.statusCode, changed.body).toBe(201);
    await finalFindingsStored(kit.database);
    // The unit's own rows are stored under its new limits ...
    for (const row of await rows(mine)) expect(row.limits).toContain('"cellCheckMinutes":30');
    // ... the other unit's are untouched (rebuild-projections stores them).
    expect(await rows(theirs)).toEqual(before);
    const settings = kit.deps.settings ?? defaultCustodySettings();
    const now = kit.clock.now().toISOString();
    expect(
      await storeFinalFindings({ database: kit.database, store: kit.store, settings, now }),
    ).toBe(2);
    await countsKept(kit.database);
    expect(await unstoredKept(kit.database)).toEqual([]);
  });
});
