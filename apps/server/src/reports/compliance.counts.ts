import type { ComplianceCounts, ComplianceFindingsPage, ReportFinding } from '@custody/contracts';
import { zonedDate } from '@custody/domain';
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Database } from '../db/database.ts';
import { readSnapshot, type SnapshotDb } from '../db/snapshot.ts';
import { recordsDeviceStamps, type DeviceMark } from '../devices/device-stamps.ts';
import { badRequest } from '../http/problem.ts';
import {
  findingsOf,
  limitsOf,
  PARALLEL,
  reportHeader,
  type ComplianceRequest,
  type ComplianceSource,
} from './compliance.query.ts';
import type { RecordFindings } from './record-findings.ts';
import { countBlocks, figureRows, findingOfRow, FIGURES, limitsIndexed } from './report-figures.ts';
import { limitsKey } from './stored-findings.ts';

const DAY = 24 * 3600 * 1000;
/** Record ids per `IN (…)` list. */
const CHUNK = 500;

const iso = (instant: string): string => new Date(instant).toISOString();

function chunks<T>(list: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

/** A record of the period whose findings `report_findings` does not hold as they are now. */
interface Unstored {
  readonly recordId: string;
  readonly unitId: string;
  /** Actual detention as an ISO instant with milliseconds (as `report_findings.t0`). */
  readonly t0: string;
  /** The stream version its summary holds. */
  readonly version: number;
  /** Whether it has stored findings (stale ones): only then has it rows in `report_findings`. */
  readonly stored: boolean;
}

/**
 * The records of the units detained in [from, to) whose stored findings cannot be used (the
 * rule of the whole report, compliance.query.ts): those `report_unstored` holds (report-figures.ts
 * `unstoredSchema`: none stored, another version, unit or count of tablet entries), and those
 * stored under other limits than their unit's now, found per unit through the index of
 * `record_findings` on its limits (two ranges, below and above the unit's own). What is read is
 * what is not stored as it should be, not every record of the period. Their rows in
 * `report_findings`, if any, are stale; the report folds them from the log. Ordered by (t0, record).
 */
async function unstoredRecords(
  dialect: Database['dialect'],
  db: SnapshotDb,
  r: ComplianceRequest,
): Promise<Unstored[]> {
  if (r.unitIds.length === 0) return [];
  const from = Date.parse(r.from);
  const to = Date.parse(r.to);
  // t0 is stored as the officer stated it (seconds or milliseconds): the window is widened by a
  // day and the exact bound applied to the parsed instant.
  const low = new Date(from - DAY).toISOString();
  const high = new Date(to + DAY).toISOString();
  const pg = dialect === 'postgres';
  // PostgreSQL indexes the key's MD5 (report-figures.ts): sent as such, a constant of each range.
  const keyOf = (u: string) => {
    const key = limitsKey(limitsOf(r, u));
    return pg ? createHash('md5').update(key, 'utf8').digest('hex') : key;
  };
  const keys = sql.join(r.unitIds.map((u) => sql`(${u}, ${keyOf(u)})`));
  const stored = sql.raw(limitsIndexed(dialect, 'f.limits'));
  // One index range per unit: on PostgreSQL a LATERAL that is not pulled up (OFFSET 0), which
  // otherwise hashed every stored row against the units (a scan of record_findings).
  const otherLimits = (op: '<' | '>') => sql`
    SELECT s.record_id, s.unit_id, s.t0, s.version, 1 AS stored
    FROM k ${
      pg
        ? sql`CROSS JOIN LATERAL (SELECT f.record_id, f.unit_id FROM record_findings f
            WHERE f.unit_id = k.unit_id AND ${stored} ${sql.raw(op)} k.limits OFFSET 0) f`
        : sql`JOIN record_findings f ON f.unit_id = k.unit_id AND ${stored} ${sql.raw(op)} k.limits`
    }
    JOIN record_summaries s ON s.record_id = f.record_id AND s.unit_id = f.unit_id
    WHERE s.t0 >= ${low} AND s.t0 < ${high}`;
  const { rows } = await sql<{
    record_id: string;
    unit_id: string;
    t0: string;
    version: number | string;
    stored: number | string;
  }>`
    WITH k (unit_id, limits) AS (VALUES ${keys})
    SELECT u.record_id, u.unit_id, u.t0, u.version, u.stored FROM report_unstored u
    WHERE u.unit_id IN (${sql.join([...r.unitIds])}) AND u.t0 >= ${low} AND u.t0 < ${high}
    UNION ALL ${otherLimits('<')}
    UNION ALL ${otherLimits('>')}`.execute(db);
  const byRecord = new Map<string, Unstored>();
  for (const row of rows) {
    if (Date.parse(row.t0) < from || Date.parse(row.t0) >= to) continue;
    byRecord.set(row.record_id, {
      recordId: row.record_id,
      unitId: row.unit_id,
      t0: iso(row.t0),
      version: Number(row.version),
      stored: Number(row.stored) === 1,
    });
  }
  return [...byRecord.values()].sort((a, b) => compareKey(a.t0, a.recordId, b.t0, b.recordId));
}

function compareKey(t0a: string, ida: string, t0b: string, idb: string): number {
  if (t0a !== t0b) return t0a < t0b ? -1 : 1;
  if (ida !== idb) return ida < idb ? -1 : 1;
  return 0;
}

/**
 * Folds records from the log, 16 at a time, their device stamps read in one query per 500; a
 * record the domain cannot fold is left out.
 */
async function fold(
  source: ComplianceSource,
  records: readonly Unstored[],
  r: ComplianceRequest,
): Promise<RecordFindings[]> {
  const stamps = new Map<string, Map<string, DeviceMark>>();
  for (const ids of chunks(records.map((x) => x.recordId))) {
    for (const [id, marks] of await recordsDeviceStamps(source.database, ids))
      stamps.set(id, marks);
  }
  const out: RecordFindings[] = [];
  for (const batch of chunks(records, PARALLEL)) {
    const done = await Promise.all(
      batch.map((x) => findingsOf(source, x, r, stamps.get(x.recordId) ?? new Map())),
    );
    for (const f of done) if (f !== null) out.push(f);
  }
  return out;
}

/**
 * The hours (YYYY-MM-DDTHH of UTC) of a zone map to one local date each when the zone's offset
 * is whole hours over the period (every zone of Ukraine); otherwise detentions are dated by the
 * minute.
 */
function wholeHours(timeZone: string, from: string, to: string): boolean {
  const fmt = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' });
  for (let t = Date.parse(from); ; t = Math.min(t + 15 * DAY, Date.parse(to))) {
    const name = fmt.formatToParts(new Date(t)).find((p) => p.type === 'timeZoneName')?.value;
    const minutes = /:(\d\d)$/.exec(name ?? '')?.[1];
    if (minutes !== undefined && minutes !== '00') return false;
    if (t >= Date.parse(to)) return true;
  }
}

const HOUR = 3600 * 1000;

/** A stored row of a record that is folded instead. */
interface StaleRow {
  readonly unit_id: string;
  readonly figure: string;
  readonly t0: string;
  readonly first_of_record: number | string;
}

interface StoredCount {
  readonly unit_id: string;
  readonly figure: string;
  readonly n: number | string;
  readonly records: number | string;
}

/**
 * Per unit and figure, the `report_findings` rows of the units with t0 in [from, to) and the
 * records among them: the whole hours of the period from the blocks of `report_counts`
 * (report-figures.ts `countBlocks`: a few rows per unit, figure and span, whatever the records),
 * the minutes before the first whole hour and after the last from `report_findings` itself.
 */
async function storedCounts(
  db: SnapshotDb,
  units: readonly string[],
  from: string,
  to: string,
): Promise<StoredCount[]> {
  const start = Date.parse(from);
  const end = Date.parse(to);
  const first = Math.ceil(start / HOUR);
  const last = Math.floor(end / HOUR);
  // The rows of [a, b) within one hour: the unit and figure pairs of that hour's block, each
  // read by the page index from a (a few hundred seeks, not one per unit and figure).
  const minutes = (a: number, b: number) =>
    sql<StoredCount>`
    SELECT f.unit_id, f.figure, count(*) AS n, sum(f.first_of_record) AS records
    FROM report_counts c
    JOIN report_findings f ON f.unit_id = c.unit_id AND f.figure = c.figure
      AND f.t0 >= ${new Date(a).toISOString()} AND f.t0 < ${new Date(b).toISOString()}
    WHERE c.level = 0 AND c.block = ${Math.floor(a / HOUR)} AND c.n > 0
      AND c.unit_id IN (${sql.join(units)})
    GROUP BY f.unit_id, f.figure`.execute(db);
  const queries = [];
  if (first > last) queries.push(minutes(start, end));
  else {
    if (start < first * HOUR) queries.push(minutes(start, first * HOUR));
    if (last * HOUR < end) queries.push(minutes(last * HOUR, end));
  }
  if (first < last) {
    // One index range per run (an OR of them was a sequential scan on PostgreSQL).
    const runs = countBlocks(first, last).map(
      (run) => sql`SELECT unit_id, figure, n, records FROM report_counts
        WHERE level = ${run.level} AND block >= ${run.from} AND block < ${run.to}`,
    );
    queries.push(
      sql<StoredCount>`
      SELECT unit_id, figure, sum(n) AS n, sum(records) AS records
      FROM (${sql.join(runs, sql` UNION ALL `)}) c
      WHERE unit_id IN (${sql.join(units)})
      GROUP BY unit_id, figure`.execute(db),
    );
  }
  return (await Promise.all(queries)).flatMap((q) => q.rows);
}

/**
 * The compliance report's figures (domain.md §7) without their drill-downs: per unit and figure
 * (report-figures.ts) how often it occurs and in how many records, from the blocks of
 * `report_counts` that make up the period ({@link storedCounts}); records whose stored findings cannot be used are folded from the log as the whole
 * report folds them (compliance.query.ts), their stale rows taken out, their findings counted in.
 * The same figures as {@link complianceReport} for the same data (compliance.counts.int.test.ts).
 */
export async function complianceCounts(
  source: ComplianceSource,
  r: ComplianceRequest,
): Promise<ComplianceCounts> {
  const units = [...r.unitIds].sort();
  const from = iso(r.from);
  const to = iso(r.to);
  const zoneOf = (unitId: string) => r.unitTimeZones?.get(unitId) ?? r.timeZone;
  const whole = new Map<string, boolean>();
  const wholeIn = (zone: string) => {
    let w = whole.get(zone);
    if (w === undefined) {
      w = wholeHours(zone, from, to);
      whole.set(zone, w);
    }
    return w;
  };
  const counts = new Map<string, Map<string, { count: number; records: number }>>(
    units.map((u) => [u, new Map()]),
  );
  const add = (unitId: string, figure: string, count: number, records: number) => {
    const byFigure = counts.get(unitId);
    if (byFigure === undefined) return;
    const c = byFigure.get(figure) ?? { count: 0, records: 0 };
    byFigure.set(figure, { count: c.count + count, records: c.records + records });
  };
  const days = new Map<string, number>();
  const dates = new Map<string, string>();
  const addDay = (zone: string, instant: string, n: number) => {
    const key = `${zone}|${instant}`;
    let date = dates.get(key);
    if (date === undefined) {
      date = zonedDate(
        Date.parse(instant.length === 13 ? `${instant}:00:00Z` : `${instant}:00Z`),
        zone,
      );
      dates.set(key, date);
    }
    days.set(date, (days.get(date) ?? 0) + n);
  };
  if (units.length > 0) {
    const byZone = new Map<string, string[]>();
    for (const u of units) byZone.set(zoneOf(u), [...(byZone.get(zoneOf(u)) ?? []), u]);
    const zones = [...byZone];
    // What is stored and what it leaves out, read on one state: a record that closed (or was
    // stored again) between two of these reads was counted both stored and folded.
    const { unstored, grouped, perHour, stale } = await readSnapshot(
      source.database,
      async (db) => {
        const unstored = await unstoredRecords(source.database.dialect, db, r);
        // Detentions by hour (or minute, in a zone of another offset), the units of each zone
        // together: hours per zone, not a row per unit and hour (~one per detention).
        const perZone = zones.map(
          ([zone, ids], i) => sql`
          SELECT ${sql.lit(i)} AS zone, substr(t0, 1, ${sql.lit(wholeIn(zone) ? 13 : 16)}) AS at,
            count(*) AS n
          FROM report_findings
          WHERE figure = 'detentions' AND unit_id IN (${sql.join(ids)})
            AND t0 >= ${from} AND t0 < ${to}
          GROUP BY at`,
        );
        const [grouped, perHour] = await Promise.all([
          storedCounts(db, units, from, to),
          sql<{ zone: number | string; at: string; n: number | string }>`${sql.join(
            perZone,
            sql` UNION ALL `,
          )}`.execute(db),
        ]);
        // The stale rows of the records folded below.
        // (Records without stored findings, those in custody, have none: a query for their ids
        // alone was a sequential scan of every row on PostgreSQL.)
        const stale: StaleRow[] = [];
        for (const ids of chunks(unstored.filter((x) => x.stored).map((x) => x.recordId))) {
          const { rows } = await sql<StaleRow>`
          SELECT unit_id, figure, t0, first_of_record FROM report_findings
          WHERE record_id IN (${sql.join(ids)}) AND t0 >= ${from} AND t0 < ${to}`.execute(db);
          stale.push(...rows);
        }
        return { unstored, grouped, perHour: perHour.rows, stale };
      },
    );
    for (const row of grouped) add(row.unit_id, row.figure, Number(row.n), Number(row.records));
    for (const row of perHour) {
      addDay(zones[Number(row.zone)]?.[0] ?? r.timeZone, row.at, Number(row.n));
    }
    // The stale rows counted above are taken out ...
    for (const row of stale) {
      add(row.unit_id, row.figure, -1, -Number(row.first_of_record));
      if (row.figure === 'detentions' && counts.has(row.unit_id)) {
        addDay(zoneOf(row.unit_id), row.t0.slice(0, 16), -1);
      }
    }
    // ... and the records folded from the log counted in.
    const unitOf = new Map(unstored.map((x) => [x.recordId, x.unitId]));
    for (const f of await fold(source, unstored, r)) {
      const unitId = unitOf.get(f.recordId) ?? '';
      const seen = new Set<string>();
      for (const row of figureRows(f)) {
        add(unitId, row.figure, 1, seen.has(row.figure) ? 0 : 1);
        seen.add(row.figure);
      }
      addDay(zoneOf(unitId), iso(f.t0).slice(0, 16), 1);
    }
  }
  return {
    ...reportHeader(r),
    units: units.map((unitId) => ({
      unitId,
      figures: Object.fromEntries(
        [...(counts.get(unitId) ?? new Map<string, { count: number; records: number }>())]
          .filter(([, c]) => c.count > 0)
          .sort(([a], [b]) => a.localeCompare(b)),
      ),
    })),
    detentionsPerDay: [...days]
      .filter(([, n]) => n > 0)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([date, count]) => ({ date, count })),
  };
}

/** Where a drill-down page ends: the last occurrence's (t0, record, seq). */
interface Cursor {
  readonly t0: string;
  readonly recordId: string;
  readonly seq: number;
}

export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify([c.t0, c.recordId, c.seq])).toString('base64url');
}

/** The cursor of a page's `nextCursor`; 400 problem+json for anything else. */
export function decodeCursor(text: string): Cursor {
  try {
    const v: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (
      Array.isArray(v) &&
      v.length === 3 &&
      typeof v[0] === 'string' &&
      !Number.isNaN(Date.parse(v[0])) &&
      typeof v[1] === 'string' &&
      Number.isSafeInteger(v[2]) &&
      (v[2] as number) >= 0
    ) {
      return { t0: iso(v[0]), recordId: v[1], seq: v[2] as number };
    }
  } catch {
    // not base64url JSON: refused below
  }
  throw badRequest('Некоректний курсор. Invalid cursor.', [
    { path: 'query.cursor', message: 'invalid' },
  ]);
}

/** A figure the report names; 400 problem+json for any other. */
export function checkFigure(figure: string): string {
  if (FIGURES.has(figure)) return figure;
  throw badRequest('Невідомий показник. Unknown figure.', [
    { path: 'query.figure', message: 'unknown figure' },
  ]);
}

interface Occurrence extends Cursor {
  readonly finding: ReportFinding;
}

const after = (o: Cursor, c: Cursor | undefined): boolean =>
  c === undefined ||
  compareKey(o.t0, o.recordId, c.t0, c.recordId) > 0 ||
  (o.t0 === c.t0 && o.recordId === c.recordId && o.seq > c.seq);

const byKey = (a: Occurrence, b: Occurrence): number =>
  compareKey(a.t0, a.recordId, b.t0, b.recordId) || a.seq - b.seq;

/**
 * One page of a figure's occurrences in one unit's records detained in [from, to), in the order
 * (t0, record, seq) from `after` on: stored rows read by the index of `report_findings`, merged
 * with the records whose stored findings cannot be used, folded from the log only as far as the
 * page reaches (in custody now means detained lately: those come last).
 */
export async function complianceFindings(
  source: ComplianceSource,
  r: ComplianceRequest & {
    readonly figure: string;
    readonly limit: number;
    readonly after?: Cursor;
  },
): Promise<ComplianceFindingsPage> {
  const db = source.database.db;
  const unitId = r.unitIds[0];
  if (unitId === undefined || r.unitIds.length !== 1) throw new Error('one unit per drill-down');
  const from = iso(r.from);
  const to = iso(r.to);
  const want = r.limit + 1;
  // The records folded and the stored rows the page skips for them, read on one state (as the
  // counts are: complianceCounts).
  const { unstored, found } = await readSnapshot(source.database, async (db) => {
    const unstored = await unstoredRecords(source.database.dialect, db, r);
    const stale = new Set(unstored.map((x) => x.recordId));
    const found: Occurrence[] = [];
    // Stored rows after the cursor, skipping stale ones (rare: a page is read again if any). The
    // index range starts at the cursor's t0 (SQLite does not seek by the row value: from `from`
    // on, a page deep into a figure read every row before it).
    for (let c = r.after; found.length < want;) {
      const { rows } = await sql<{ record_id: string; seq: number; t0: string; finding: string }>`
        SELECT record_id, seq, t0, finding FROM report_findings
        WHERE unit_id = ${unitId} AND figure = ${r.figure} AND t0 < ${to}
          AND t0 >= ${c === undefined || c.t0 < from ? from : c.t0}
          ${c === undefined ? sql`` : sql`AND (t0, record_id, seq) > (${c.t0}, ${c.recordId}, ${c.seq})`}
        ORDER BY t0, record_id, seq
        LIMIT ${want}`.execute(db);
      for (const row of rows) {
        if (stale.has(row.record_id)) continue;
        const stored: unknown = JSON.parse(row.finding);
        found.push({
          t0: row.t0,
          recordId: row.record_id,
          seq: row.seq,
          finding: findingOfRow(row.record_id, r.figure, stored),
        });
      }
      const last = rows.at(-1);
      if (last === undefined || rows.length < want) break;
      c = { t0: last.t0, recordId: last.record_id, seq: last.seq };
    }
    return { unstored, found };
  });
  found.splice(want);
  // Folded records in order, as long as one may still fall within the page.
  const pending = unstored.filter(
    (x) => r.after === undefined || compareKey(x.t0, x.recordId, r.after.t0, r.after.recordId) >= 0,
  );
  const beyond = (x: Unstored) => {
    const bound = found.length >= want ? found[want - 1] : undefined;
    return bound !== undefined && compareKey(x.t0, x.recordId, bound.t0, bound.recordId) > 0;
  };
  // 16 at a time (one query for their device stamps), as long as the first may still count.
  for (let i = 0; i < pending.length && !beyond(pending[i] as Unstored); i += PARALLEL) {
    const batch = pending.slice(i, i + PARALLEL).filter((x) => !beyond(x));
    const t0Of = new Map(batch.map((x) => [x.recordId, x.t0]));
    for (const f of await fold(source, batch, r)) {
      for (const row of figureRows(f)) {
        if (row.figure !== r.figure) continue;
        const o = { t0: t0Of.get(f.recordId) ?? iso(f.t0), recordId: f.recordId, seq: row.seq };
        if (!after(o, r.after)) continue;
        found.push({ ...o, finding: findingOfRow(f.recordId, row.figure, row.stored) });
      }
    }
    found.sort(byKey);
    found.splice(want);
  }
  const page = found.slice(0, r.limit);
  const ids = [...new Set(page.map((o) => o.recordId))];
  const records = [];
  for (const list of chunks(ids)) {
    const { rows } = await sql<{
      record_id: string;
      person_name: string;
      custody_number: string | null;
      t0: string;
    }>`SELECT record_id, person_name, custody_number, t0 FROM record_summaries
      WHERE record_id IN (${sql.join(list)})`.execute(db);
    records.push(
      ...rows.map((row) => ({
        recordId: row.record_id,
        personName: row.person_name,
        custodyNumber: row.custody_number,
        t0: iso(row.t0),
      })),
    );
  }
  const last = page.at(-1);
  return {
    unitId,
    figure: r.figure,
    findings: page.map((o) => o.finding),
    records: records.sort((a, b) => a.recordId.localeCompare(b.recordId)),
    nextCursor: found.length > r.limit && last !== undefined ? encodeCursor(last) : null,
  };
}
