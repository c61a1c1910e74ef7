import type { RecordPage, RecordSummary } from '@custody/contracts';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { changeUnitPolicy } from '../../test/http/unit-policy.ts';
import { DIALECTS } from '../../test/databases.ts';
import type { SignedIn } from '../../test/http/harness.ts';
import { seedDemo, DEMO_SEED } from '../demo/seed-demo.ts';
import type { GrantScope } from '@custody/contracts';
import { createGrant } from '../grants/grants.ts';
import { oversightKit, RecordDriver, type OversightKit } from '../integrity/oversight.test-kit.ts';
import { findSummary } from '../projections/record-summary.projection.ts';
import { finalFindingsStored, storeFinalFindings } from '../reports/stored-findings.ts';
import { defaultCustodySettings } from './custody-settings.ts';

const START = Date.parse('2025-05-01T05:00:00.000Z');
const SLOW = { timeout: 300_000 };
const release = {
  ground: 'investigator_decision',
  legalBasis: 'КПК ст. 211',
  propertyReturned: 'none_held',
  recordCopyHandedOver: true,
};
/** Words of a deadline that tell of the detainee's health or risk (domain.md §5). */
const HEALTH_WORDS = /intoxicated|at risk|rousing|сп’яніння|ризик|пробудж/i;
const CLOSED = new Set(['released', 'transferred']);

const get = (kit: OversightKit, url: string, who: SignedIn) =>
  kit.app.inject({ method: 'GET', url, headers: { cookie: who.cookie } });

/** Every record the reader lists (page by page), or those a query finds. */
async function listAll(kit: OversightKit, who: SignedIn, query = ''): Promise<RecordSummary[]> {
  const out: RecordSummary[] = [];
  for (let cursor: string | null = ''; cursor !== null;) {
    const after: string = cursor === '' ? '' : `&cursor=${cursor}`;
    const r = await get(kit, `/api/v1/records?limit=200&reason=audit${query}${after}`, who);
    expect(r.statusCode, r.body.slice(0, 300)).toBe(200);
    const page = r.json<RecordPage>();
    out.push(...page.items);
    cursor = page.nextCursor;
  }
  return out;
}

async function storedCount(kit: OversightKit): Promise<number> {
  const { rows } = await sql<{ n: number | string }>`SELECT count(*) AS n FROM record_findings
    WHERE clock IS NOT NULL`.execute(kit.database.db);
  return Number(rows[0]?.n ?? 0);
}

/** What rebuild-projections stores: closed records' findings, with their list clock. */
const storeFinal = (kit: OversightKit) =>
  storeFinalFindings({
    database: kit.database,
    store: kit.store,
    settings: kit.deps.settings ?? defaultCustodySettings(),
    now: kit.clock.now().toISOString(),
  });

/**
 * The list as it is, then with every stored clock removed (each closed record folded from the
 * log, as before stored clocks), then stored again by rebuild-projections' pass: the three lists
 * are equal.
 */
async function listedAndFolded(
  kit: OversightKit,
  who: SignedIn,
  query = '',
): Promise<{ listed: RecordSummary[]; folded: RecordSummary[]; again: RecordSummary[] }> {
  const listed = await listAll(kit, who, query);
  await sql`UPDATE record_findings SET clock = NULL`.execute(kit.database.db);
  const folded = await listAll(kit, who, query);
  await storeFinal(kit);
  const again = await listAll(kit, who, query);
  return { listed, folded, again };
}

/** A grant by `by` to `who` over `unitIds`, valid a month around the kit's now. */
async function grant(
  kit: OversightKit,
  by: SignedIn,
  who: SignedIn,
  scope: GrantScope,
  unitIds: string[],
): Promise<void> {
  const now = kit.clock.now().getTime();
  const validFrom = new Date(now - 15 * 86_400_000).toISOString();
  const validUntil = new Date(now + 15 * 86_400_000).toISOString();
  const grant = {
    granteeId: who.userId,
    scope,
    unitIds,
    validFrom,
    validUntil,
    purpose: 'Перевірка',
  };
  await createGrant(kit.database, grant, by.userId, kit.clock.now());
}

/** Generated records (the demo's generator, seedDemo) in the kit's database, clocks stored. */
async function seeded(kit: OversightKit, seed: number, closed: number) {
  const result = await seedDemo(
    { database: kit.database, store: kit.store },
    { now: kit.clock.now(), seed, closed },
  );
  await storeFinal(kit);
  return result;
}

/**
 * The clock column of the record list for a closed record is read from `record_findings.clock`
 * (records/list-clocks.ts) instead of a fold of the record's stream, on both databases: the
 * same columns as the fold for the demo seed and another generated set, for a reader of health
 * entries and one without; kept by the appends that change a closed record (a correction, an
 * erasure), and by rebuild-projections after a unit's policy changes.
 */
describe.each(DIALECTS)('stored clocks of closed records in the list (%s)', (dialect) => {
  describe.each([
    ['the demo seed', DEMO_SEED, dialect === 'sqlite' ? 200 : 60],
    ['a generated set', 7, dialect === 'sqlite' ? 300 : 80],
  ])('%s', (_name, seed, closed) => {
    let kit: OversightKit;
    let hq: SignedIn;
    let monitor: SignedIn;

    beforeAll(async () => {
      kit = await oversightKit(dialect, { session: { ttl: 30 * 86_400, idle: 30 * 86_400 } });
      const result = await seeded(kit, seed, closed);
      hq = await kit.signIn('hq');
      monitor = await kit.signIn('monitor');
      // A monitor without any detainee's consent to health data, over every generated unit.
      const unitIds = result.staff.units.map((u) => u.id);
      await grant(kit, hq, monitor, { kind: 'units', unitIds }, unitIds);
    }, 600_000);
    afterAll(() => kit.close());

    test('every closed record shows the clock columns the fold gives', SLOW, async () => {
      const stored = await storedCount(kit);
      for (const who of [hq, monitor]) {
        const { listed, folded, again } = await listedAndFolded(kit, who);
        const closedRows = listed.filter((r) => CLOSED.has(r.status));
        expect(closedRows.length).toBe(closed);
        expect(folded).toEqual(listed);
        expect(again).toEqual(listed);
        // Not a vacuous comparison: closed records of several standings.
        const standings = new Set(closedRows.map((r) => `${r.worstStatus}/${r.overDetention}`));
        expect(standings.size).toBeGreaterThan(1);
      }
      // Stored for nearly every closed record (not for one delivered and never registered).
      expect(stored).toBeGreaterThan(closed * 0.9);
      expect(await storedCount(kit)).toBe(stored);
    });

    test('a search lists the stored clock as the fold does', SLOW, async () => {
      const queries = (await listAll(kit, hq, '&status=closed'))
        .slice(0, 20)
        .flatMap((r) => [r.custodyNumber ?? '', r.person.displayName])
        .map((q) => `&q=${encodeURIComponent(q)}`);
      const searched = async () => Promise.all(queries.map((q) => listAll(kit, hq, q)));
      const listed = await searched();
      expect(listed.every((found) => found.length > 0)).toBe(true);
      await sql`UPDATE record_findings SET clock = NULL`.execute(kit.database.db);
      const folded = await searched();
      await storeFinal(kit);
      expect(folded).toEqual(listed);
    });

    test('the list reads the stored clock, and only one that still holds', SLOW, async () => {
      const before = await listAll(kit, hq, '&status=closed');
      const marked = JSON.stringify({
        at: '2000-01-01T00:00:00.000Z',
        clock: { worstStatus: 'over_detention', overDetention: true },
      });
      const { rows } = await sql<{ record_id: string; clock: string }>`
        SELECT record_id, clock FROM record_findings WHERE clock IS NOT NULL`.execute(
        kit.database.db,
      );
      try {
        await sql`UPDATE record_findings SET clock = ${marked}`.execute(kit.database.db);
        const shown = await listAll(kit, hq, '&status=closed');
        // Every record with a stored clock shows the marked one; every other as before.
        const marks = new Set(rows.map((r) => r.record_id));
        expect(shown.map((r) => r.worstStatus)).toEqual(
          before.map((r) => (marks.has(r.id) ? 'over_detention' : r.worstStatus)),
        );
        // Nor one of an end of custody still to come (a clock read before it), another
        // version, or other limits: the record is folded instead.
        const later = JSON.stringify({ ...JSON.parse(marked), at: '2100-01-01T00:00:00.000Z' });
        await sql`UPDATE record_findings SET clock = ${later}`.execute(kit.database.db);
        expect(await listAll(kit, hq, '&status=closed')).toEqual(before);
        await sql`UPDATE record_findings SET clock = ${marked}`.execute(kit.database.db);
        await sql`UPDATE record_findings SET version = version - 1`.execute(kit.database.db);
        expect(await listAll(kit, hq, '&status=closed')).toEqual(before);
        await sql`UPDATE record_findings SET version = version + 1, limits = '{}'`.execute(
          kit.database.db,
        );
        expect(await listAll(kit, hq, '&status=closed')).toEqual(before);
      } finally {
        await sql`UPDATE record_findings SET clock = NULL`.execute(kit.database.db);
        await storeFinal(kit);
      }
      expect(await storedCount(kit)).toBe(rows.length);
      expect(await listAll(kit, hq, '&status=closed')).toEqual(before);
    });
  });

  describe('records changed after custody ended', () => {
    let kit: OversightKit;
    let inspector: SignedIn;
    let supervisor: SignedIn;
    let hq: SignedIn;
    let monitor: SignedIn;
    let lawyer: SignedIn;
    let over: RecordDriver;
    let health: RecordDriver;
    let releaseEventId: string;

    const at = (iso: string) => {
      kit.clock.advance((Date.parse(iso) + 60_000 - kit.clock.now().getTime()) / 1000);
    };
    const row = async (who: SignedIn, recordId: string) => {
      const r = (await listAll(kit, who)).find((x) => x.id === recordId);
      expect(r).toBeDefined();
      return r;
    };
    const storedVersion = async (recordId: string) => {
      const { rows } = await sql<{ version: number; clock: string | null }>`
        SELECT version, clock FROM record_findings WHERE record_id = ${recordId}`.execute(
        kit.database.db,
      );
      return rows[0] === undefined || rows[0].clock === null ? null : rows[0].version;
    };

    beforeAll(async () => {
      kit = await oversightKit(
        dialect,
        { session: { ttl: 30 * 86_400, idle: 30 * 86_400 } },
        START,
      );
      const officer = await kit.signIn('detaining_officer');
      const medical = await kit.signIn('medical');
      inspector = await kit.signIn('custody_inspector');
      supervisor = await kit.signIn('supervisor');
      hq = await kit.signIn('hq');
      monitor = await kit.signIn('monitor');
      lawyer = await kit.signIn('lawyer');

      // Released 20 min after detention, before any deadline fell due.
      over = new RecordDriver(kit, inspector);
      at('2025-05-01T06:45:00Z');
      await over.open('2025-05-01T06:00:00Z', {}, officer);
      await over.run('RecordDelivery', '2025-05-01T06:10:00Z', { unitId: kit.units.own });
      await over.run('RegisterDetainee', '2025-05-01T06:15:00Z', { custodyNumber: 'K-CLK-1' });
      releaseEventId = (await over.run('ReleaseDetainee', '2025-05-01T06:20:00Z', release)).eventId;

      // Intoxicated, its checks with rousing never made, released 3 h later: overdue checks
      // whose reason (intoxication) is health data. The lawyer has the detainee's consent.
      health = new RecordDriver(kit, inspector);
      await health.open('2025-05-01T06:00:00Z', {}, officer);
      await health.run('RecordDelivery', '2025-05-01T06:30:00Z', { unitId: kit.units.own });
      await health.run('RegisterDetainee', '2025-05-01T06:40:00Z', { custodyNumber: 'K-CLK-2' });
      await health.run(
        'RecordIntoxication',
        '2025-05-01T06:45:00Z',
        {
          intoxicated: true,
          signs: 'Запах',
        },
        medical,
      );
      await health.run('RecordHealthDataConsent', '2025-05-01T06:45:00Z', {
        consent: 'given',
        disclosedTo: ['lawyer'],
        signature: { signed: true },
      });
      await health.run('SetObservationLevel', '2025-05-01T06:45:00Z', { level: 'intermittent' });
      at('2025-05-01T09:45:00Z');
      await health.run('ReleaseDetainee', '2025-05-01T09:45:00Z', release);

      at('2025-05-04T08:10:00Z');
      const own = [kit.units.own];
      await grant(kit, hq, lawyer, { kind: 'record', recordId: health.recordId }, own);
      await grant(kit, hq, monitor, { kind: 'units', unitIds: own }, own);
      at('2025-05-10T08:00:00Z');
    }, 120_000);
    afterAll(() => kit.close());

    test('the append that ends custody stores the clock the list shows', async () => {
      for (const d of [over, health]) {
        expect(await storedVersion(d.recordId)).toBe(
          (await findSummary(kit.database, d.recordId))?.version,
        );
      }
      const { listed, folded } = await listedAndFolded(kit, hq);
      expect(folded).toEqual(listed);
      const r = listed.find((x) => x.id === over.recordId);
      // Released before any deadline fell due: nothing is overdue, nothing runs.
      expect(r).toMatchObject({ worstStatus: 'ok', overDetention: false, version: 4 });
      expect(r?.nextDue).toBeNull();
      expect(r?.mostUrgent).toBeNull();
    });

    test('a correction after custody ended updates it, and an erasure folds again', async () => {
      // The release corrected to 74 h 10 min after detention: the deadlines that fell due before
      // it and were never met (notifications, rights, cell checks) are overdue for good.
      at('2025-05-10T09:00:00Z');
      await over.run(
        'CorrectEntry',
        '2025-05-10T09:00:00Z',
        {
          targetEventId: releaseEventId,
          reason: 'Час звільнення за журналом чергової частини',
          correctedFields: {},
          correctedOccurredAt: '2025-05-04T08:10:00Z',
        },
        supervisor,
      );
      expect(await storedVersion(over.recordId)).toBe(over.version);
      const corrected = await row(hq, over.recordId);
      expect(corrected).toMatchObject({
        worstStatus: 'overdue',
        endedAt: '2025-05-04T08:10:00Z',
        version: 5,
      });
      const { listed, folded } = await listedAndFolded(kit, hq);
      expect(folded).toEqual(listed);

      // The correction erased (a lawful erasure): the release at 20 min again. An erasure
      // stores no findings, so the stored clock is of an older version and the record is folded.
      const correction = (await kit.store.readStream(over.recordId)).at(-1);
      at('2025-05-10T10:00:00Z');
      await over.run(
        'EraseEventPayload',
        '2025-05-10T10:00:00Z',
        { targetEventId: correction?.id, legalGround: 'Закон про захист ПД ст. 8' },
        hq,
      );
      expect(await storedVersion(over.recordId)).toBeLessThan(over.version);
      expect(await row(hq, over.recordId)).toMatchObject({
        worstStatus: 'ok',
        endedAt: '2025-05-01T06:20:00Z',
        version: 6,
      });
      const after = await listedAndFolded(kit, hq);
      expect(after.folded).toEqual(after.listed);
      expect(after.again).toEqual(after.listed);
    });

    test('health data stays with those who may read it', async () => {
      expect(await storedVersion(health.recordId)).toBe(health.version);
      const { rows } = await sql<{ clock: string }>`SELECT clock FROM record_findings
        WHERE record_id = ${health.recordId}`.execute(kit.database.db);
      expect(rows[0]?.clock).not.toMatch(HEALTH_WORDS);
      for (const who of [monitor, lawyer, inspector, hq]) {
        const { listed, folded } = await listedAndFolded(kit, who);
        expect(folded).toEqual(listed);
        const r = listed.find((x) => x.id === health.recordId);
        // Its checks with rousing were missed before release: overdue, and nothing is open.
        expect(r).toMatchObject({ worstStatus: 'overdue', nextDue: null, mostUrgent: null });
        if (who === monitor) {
          expect(r?.observationLevel).toBeNull();
          expect(JSON.stringify(r)).not.toMatch(HEALTH_WORDS);
        } else {
          expect(r?.observationLevel).toBe('intermittent');
        }
      }
    });

    test("a unit's new policy: folded until the change has stored the clocks again", async () => {
      const before = await listAll(kit, hq);
      const { changed: r } = await changeUnitPolicy(
        kit.app,
        kit.units.own,
        supervisor,
        (view) => {
          const check = view.fields.find((f) => f.key === 'cellCheckMinutes');
          expect(check).toBeDefined();
          return { cellCheckMinutes: (check?.minutes ?? 60) + 15 };
        },
        'Нова інструкція',
      );
      expect(r.statusCode, r.body).toBe(201);
      // Stored under the old limits: not read; the fold under the new policy is shown (as
      // long as they are: the change stores the rows again in the background) ...
      const folded = await listAll(kit, hq);
      expect(folded).toEqual(before);
      // ... rows of the same version, under the new limits: nothing is left to store.
      await finalFindingsStored(kit.database);
      expect(await storeFinal(kit)).toBe(0);
      expect(await listAll(kit, hq)).toEqual(before);
      const { listed, folded: again } = await listedAndFolded(kit, hq);
      expect(again).toEqual(listed);
    });
  });
});
