import type { DelayBuckets, ReportFinding } from '@custody/contracts';
import { NOTIFICATION_KINDS } from '@custody/domain';
import type { DialectName } from '../db/database.ts';
import { FIGURE_KEYS, type NotificationDelay, type RecordFindings } from './record-findings.ts';

/**
 * The figures of the compliance report (domain.md §7) by name, as the counts answer and the
 * drill-downs name them: `detentions` (each record detained in the period), every
 * {@link FIGURE_KEYS} key, and per notification kind `notification.<kind>.late` (made after the
 * overdue point, or never) and `notification.<kind>.<bucket>` (its delay after actual detention;
 * the buckets of one kind add up to the notifications owed).
 */
export const DELAY_BUCKETS = ['within30m', 'within1h', 'within3h', 'over3h', 'never'] as const;

/** Upper bounds in minutes of the delay buckets (domain.md §4: overdue at 30 min, legal aid 3 h). */
const BUCKET_LIMITS: readonly (readonly [keyof DelayBuckets, number])[] = [
  ['within30m', 30],
  ['within1h', 60],
  ['within3h', 180],
];

/** The delay bucket of a notification made `minutes` after actual detention (null: never made). */
export function bucketOf(minutes: number | null): keyof DelayBuckets {
  if (minutes === null) return 'never';
  for (const [bucket, limit] of BUCKET_LIMITS) if (minutes <= limit) return bucket;
  return 'over3h';
}

/**
 * The same buckets as an SQL expression over `minutes` (a number or NULL), for the trigger that
 * writes the stored findings' rows (projections migration 0360): one home for the limits.
 */
export function bucketSql(minutes: string): string {
  const arms = BUCKET_LIMITS.map(([b, limit]) => `WHEN ${minutes} <= ${String(limit)} THEN '${b}'`);
  return `CASE WHEN ${minutes} IS NULL THEN 'never' ${arms.join(' ')} ELSE 'over3h' END`;
}

export const notificationFigure = (kind: string, part: 'late' | keyof DelayBuckets): string =>
  `notification.${kind}.${part}`;

/** Every figure a counts answer or a drill-down may name. */
export const FIGURES: ReadonlySet<string> = new Set([
  'detentions',
  ...FIGURE_KEYS,
  ...NOTIFICATION_KINDS.flatMap((kind) =>
    (['late', ...DELAY_BUCKETS] as const).map((part) => notificationFigure(kind, part)),
  ),
]);

/** A notification's occurrence as the report lists it. */
export function notificationFinding(recordId: string, delay: NotificationDelay): ReportFinding {
  return {
    recordId,
    ...(delay.eventId === undefined ? {} : { eventId: delay.eventId }),
    ...(delay.minutes === null
      ? { detail: 'never' }
      : { minutes: delay.minutes, detail: 'NotificationMade' }),
  };
}

/** Where the notification rows of a record start (`seq`): after any finding of the record. */
export const NOTIFICATION_SEQ = 100_000;

/**
 * One row of `report_findings`: a figure's occurrence in one record, `seq` its place in the
 * record (0 the detention, 1… its findings in order, then per notification two places, its
 * bucket and, when late, its late figure), `stored` what the row keeps: the finding, or for a
 * notification the delay ({@link notificationFinding} makes the finding of it).
 */
export interface FigureRow {
  readonly figure: string;
  readonly seq: number;
  readonly stored: unknown;
}

/**
 * The rows of one record's findings: what the trigger of migration 0360 writes for a stored
 * record, made here for a record the report folds from the log (its findings not stored or stale).
 */
export function figureRows(f: RecordFindings): FigureRow[] {
  const rows: FigureRow[] = [
    { figure: 'detentions', seq: 0, stored: { recordId: f.recordId, detail: f.t0 } },
  ];
  f.findings.forEach(({ key, finding }, i) => {
    rows.push({ figure: key, seq: 1 + i, stored: finding });
  });
  f.notifications.forEach((delay, i) => {
    const seq = NOTIFICATION_SEQ + 2 * i;
    rows.push({
      figure: notificationFigure(delay.kind, bucketOf(delay.minutes)),
      seq,
      stored: delay,
    });
    if (delay.late)
      rows.push({ figure: notificationFigure(delay.kind, 'late'), seq: seq + 1, stored: delay });
  });
  return rows;
}

/** The finding a row names, made from what it keeps. */
export function findingOfRow(recordId: string, figure: string, stored: unknown): ReportFinding {
  return figure.startsWith('notification.')
    ? notificationFinding(recordId, stored as NotificationDelay)
    : (stored as ReportFinding);
}

const COLUMNS = 'record_id, seq, unit_id, figure, t0, first_of_record, finding';

/**
 * The statements of migration 0360: `report_findings`, one row per occurrence of a figure in a
 * closed record's stored findings (`record_findings`), kept by triggers on `record_findings` in
 * the transaction that writes it (the append that stores a record's findings, or
 * `storeFinalFindings`), with the record's unit and actual detention (`t0`, as an ISO instant with
 * milliseconds); `first_of_record` is 1 on the first row of a figure in a record, so that the
 * records behind a figure are counted without a DISTINCT. The rows are {@link figureRows}.
 */
export function findingRowsSchema(dialect: DialectName): string[] {
  const table = `CREATE TABLE report_findings (
      record_id TEXT NOT NULL,
      seq INTEGER NOT NULL,
      unit_id TEXT NOT NULL,
      figure TEXT NOT NULL,
      t0 TEXT NOT NULL,
      first_of_record INTEGER NOT NULL,
      finding TEXT NOT NULL,
      PRIMARY KEY (record_id, seq))`;
  // Counts: GROUP BY unit, figure over a t0 range from the index alone; drill-downs: one unit's
  // figure paged by (t0, record, seq).
  const index = `CREATE INDEX report_findings_page
      ON report_findings (unit_id, figure, t0, record_id, seq, first_of_record)`;
  if (dialect === 'sqlite') {
    const rows = (r: string) => `
      INSERT INTO report_findings (${COLUMNS})
      SELECT ${r}.record_id, seq, ${r}.unit_id, figure,
        strftime('%Y-%m-%dT%H:%M:%fZ', json_extract(${r}.findings, '$.t0')),
        row_number() OVER (PARTITION BY figure ORDER BY seq) = 1, finding
      FROM (
        SELECT 0 AS seq, 'detentions' AS figure,
          json_object('recordId', ${r}.record_id, 'detail', json_extract(${r}.findings, '$.t0'))
            AS finding
        UNION ALL
        SELECT 1 + key, json_extract(value, '$.key'), json_extract(value, '$.finding')
          FROM json_each(${r}.findings, '$.findings')
        UNION ALL
        SELECT ${String(NOTIFICATION_SEQ)} + 2 * key,
          'notification.' || json_extract(value, '$.kind') || '.'
            || ${bucketSql("json_extract(value, '$.minutes')")},
          value
          FROM json_each(${r}.findings, '$.notifications')
        UNION ALL
        SELECT ${String(NOTIFICATION_SEQ)} + 2 * key + 1,
          'notification.' || json_extract(value, '$.kind') || '.late', value
          FROM json_each(${r}.findings, '$.notifications')
          WHERE json_extract(value, '$.late')
      )
      WHERE ${r}.unit_id IS NOT NULL;`;
    return [
      table,
      index,
      `CREATE TRIGGER report_findings_insert AFTER INSERT ON record_findings BEGIN
        ${rows('new')}
      END`,
      `CREATE TRIGGER report_findings_update AFTER UPDATE ON record_findings BEGIN
        DELETE FROM report_findings WHERE record_id = old.record_id;
        ${rows('new')}
      END`,
      `CREATE TRIGGER report_findings_delete AFTER DELETE ON record_findings BEGIN
        DELETE FROM report_findings WHERE record_id = old.record_id;
      END`,
    ];
  }
  const minutes = `(e ->> 'minutes')::numeric`;
  return [
    table,
    index,
    `CREATE FUNCTION report_findings_rows() RETURNS trigger LANGUAGE plpgsql AS $body$
    DECLARE f jsonb;
    BEGIN
      IF TG_OP <> 'INSERT' THEN
        DELETE FROM report_findings WHERE record_id = OLD.record_id;
      END IF;
      IF TG_OP = 'DELETE' OR NEW.unit_id IS NULL THEN RETURN NULL; END IF;
      f := NEW.findings::jsonb;
      INSERT INTO report_findings (${COLUMNS})
      SELECT NEW.record_id, r.seq, NEW.unit_id, r.figure,
        to_char((f ->> 't0')::timestamptz AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
        (row_number() OVER (PARTITION BY r.figure ORDER BY r.seq) = 1)::int, r.finding
      FROM (
        SELECT 0 AS seq, 'detentions' AS figure,
          jsonb_build_object('recordId', NEW.record_id, 'detail', f ->> 't0')::text AS finding
        UNION ALL
        SELECT i::int, e ->> 'key', (e -> 'finding')::text
          FROM jsonb_array_elements(f -> 'findings') WITH ORDINALITY AS x(e, i)
        UNION ALL
        SELECT ${String(NOTIFICATION_SEQ)} + 2 * (i::int - 1),
          'notification.' || (e ->> 'kind') || '.' || ${bucketSql(minutes)}, e::text
          FROM jsonb_array_elements(f -> 'notifications') WITH ORDINALITY AS x(e, i)
        UNION ALL
        SELECT ${String(NOTIFICATION_SEQ)} + 2 * (i::int - 1) + 1,
          'notification.' || (e ->> 'kind') || '.late', e::text
          FROM jsonb_array_elements(f -> 'notifications') WITH ORDINALITY AS x(e, i)
          WHERE (e ->> 'late')::boolean
      ) r;
      RETURN NULL;
    END $body$`,
    `CREATE TRIGGER report_findings_rows AFTER INSERT OR UPDATE OR DELETE ON record_findings
      FOR EACH ROW EXECUTE FUNCTION report_findings_rows()`,
  ];
}

/**
 * The spans, in hours, of the blocks `report_counts` keeps the figures in: an hour, a day (UTC),
 * then ×4 up to 256 days; block `b` of span `s` covers the hours [b·s, (b+1)·s) since the epoch.
 * Each span divides the next, so any whole hours [from, to) are a few blocks of each span
 * ({@link countBlocks}): a year is about thirty, whatever the number of records in it.
 */
export const COUNT_SPANS = [1, 24, 96, 384, 1536, 6144] as const;

/** A run of blocks of one span: `level` is the span's place in {@link COUNT_SPANS}. */
export interface BlockRun {
  readonly level: number;
  readonly from: number;
  readonly to: number;
}

/**
 * The blocks that cover the hours [from, to) exactly, as runs of consecutive blocks per span:
 * from `from` on, each step takes the largest block that starts there and ends by `to`.
 */
export function countBlocks(from: number, to: number): BlockRun[] {
  const runs: BlockRun[] = [];
  for (let at = from; at < to;) {
    let level = 0;
    for (let l = COUNT_SPANS.length - 1; l > 0; l--) {
      const span = COUNT_SPANS[l] ?? 1;
      if (at % span === 0 && at + span <= to) {
        level = l;
        break;
      }
    }
    const span = COUNT_SPANS[level] ?? 1;
    const last = runs.at(-1);
    if (last !== undefined && last.level === level && last.to === at / span) {
      runs[runs.length - 1] = { level, from: last.from, to: last.to + 1 };
    } else runs.push({ level, from: at / span, to: at / span + 1 });
    at += span;
  }
  return runs;
}

/**
 * The statements of migration 0380: `report_counts`, per unit, figure and block of hours
 * ({@link COUNT_SPANS}) the rows of `report_findings` whose t0 falls in the block (`n`) and the
 * records among them (`records`, the sum of `first_of_record`), one row per block of every span;
 * triggers on `report_findings` add each row inserted and take out each row deleted, in the
 * transaction that writes it (so in the one that writes `record_findings`). Then the counts of
 * the rows already stored, in one statement.
 */
export function findingCountsSchema(dialect: DialectName): string[] {
  const table = `CREATE TABLE report_counts (
      level INTEGER NOT NULL,
      block INTEGER NOT NULL,
      unit_id TEXT NOT NULL,
      figure TEXT NOT NULL,
      n ${dialect === 'postgres' ? 'BIGINT' : 'INTEGER'} NOT NULL,
      records ${dialect === 'postgres' ? 'BIGINT' : 'INTEGER'} NOT NULL,
      PRIMARY KEY (level, block, unit_id, figure))`;
  const spans = `(VALUES ${COUNT_SPANS.map((s, i) => `(${String(i)}, ${String(s)})`).join(', ')})`;
  const upsert = `ON CONFLICT (level, block, unit_id, figure) DO UPDATE
      SET n = report_counts.n + excluded.n, records = report_counts.records + excluded.records`;
  if (dialect === 'sqlite') {
    const hour = (t0: string) =>
      `CAST(strftime('%s', substr(${t0}, 1, 13) || ':00:00') AS INTEGER) / 3600`;
    const change = (r: string, sign: string) => `
      INSERT INTO report_counts (level, block, unit_id, figure, n, records)
      SELECT s.column1, ${hour(`${r}.t0`)} / s.column2, ${r}.unit_id, ${r}.figure,
        ${sign}1, ${sign}${r}.first_of_record
      FROM ${spans} AS s WHERE true
      ${upsert};`;
    return [
      table,
      `CREATE TRIGGER report_counts_insert AFTER INSERT ON report_findings BEGIN
        ${change('new', '')}
      END`,
      `CREATE TRIGGER report_counts_delete AFTER DELETE ON report_findings BEGIN
        ${change('old', '-')}
      END`,
      `CREATE TRIGGER report_counts_update AFTER UPDATE ON report_findings BEGIN
        ${change('old', '-')}
        ${change('new', '')}
      END`,
      `INSERT INTO report_counts (level, block, unit_id, figure, n, records)
      SELECT s.column1, ${hour('f.t0')} / s.column2 AS b, f.unit_id, f.figure,
        count(*), sum(f.first_of_record)
      FROM report_findings f, ${spans} AS s
      GROUP BY s.column1, b, f.unit_id, f.figure`,
    ];
  }
  const grouped = (rows: string, sign: string) => `
      INSERT INTO report_counts (level, block, unit_id, figure, n, records)
      SELECT s.level, r.hour / s.span, r.unit_id, r.figure,
        ${sign}count(*), ${sign}sum(r.first_of_record)
      FROM (SELECT unit_id, figure, first_of_record,
          floor(extract(epoch FROM t0::timestamptz) / 3600)::bigint AS hour FROM ${rows}) r
        CROSS JOIN ${spans} AS s (level, span)
      GROUP BY 1, 2, 3, 4
      ORDER BY 1, 2, 3, 4`;
  const change = (rows: string, sign: string) => `${grouped(rows, sign)} ${upsert};`;
  return [
    table,
    // Rows are added and taken out per statement, grouped, in key order (two transactions that
    // touch the same counts lock them in one order).
    `CREATE FUNCTION report_counts_change() RETURNS trigger LANGUAGE plpgsql AS $body$
    BEGIN
      IF TG_OP IN ('DELETE', 'UPDATE') THEN ${change('removed', '-')} END IF;
      IF TG_OP IN ('INSERT', 'UPDATE') THEN ${change('added', '')} END IF;
      RETURN NULL;
    END $body$`,
    `CREATE TRIGGER report_counts_insert AFTER INSERT ON report_findings
      REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION report_counts_change()`,
    `CREATE TRIGGER report_counts_delete AFTER DELETE ON report_findings
      REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION report_counts_change()`,
    `CREATE TRIGGER report_counts_update AFTER UPDATE ON report_findings
      REFERENCING OLD TABLE AS removed NEW TABLE AS added
      FOR EACH STATEMENT EXECUTE FUNCTION report_counts_change()`,
    grouped('report_findings', ''),
  ];
}

/**
 * The records whose stored findings cannot be used whatever the limits: none stored (custody
 * goes on, or an erasure left them behind), stored at another version than the summary's, of
 * another unit, or with another count of accepted tablet entries. `:id` restricts it to one
 * record. The limits are checked per request ({@link unstoredRecords}).
 */
const unstoredOf = (id: string | null) => `
  SELECT s.record_id, s.unit_id, s.t0, s.version,
    CASE WHEN f.record_id IS NULL THEN 0 ELSE 1 END
  FROM record_summaries s LEFT JOIN record_findings f ON f.record_id = s.record_id
  WHERE ${id === null ? '' : `s.record_id = ${id} AND `}(f.record_id IS NULL
    OR f.version <> s.version OR f.unit_id IS NULL OR f.unit_id <> s.unit_id
    OR f.device_entries <> (SELECT count(*) FROM device_entries d
      WHERE d.record_id = s.record_id AND d.status = 'accepted'))`;

const UNSTORED_COLUMNS = 'record_id, unit_id, t0, version, stored';

/** PostgreSQL's b-tree holds entries of ~2.7 kB at most; a unit's policy history can be longer. */
export const limitsIndexed = (dialect: DialectName, column: string) =>
  dialect === 'postgres' ? `md5(${column})` : column;

/**
 * The statements of migration 0610: `report_unstored`, the records {@link unstoredOf} names, kept
 * by row triggers on `record_summaries`, `record_findings` and `device_entries` (each change of a
 * record's row in any of them works out that record's membership again, in the transaction that
 * made it), filled from the rows already there; and an index of `record_findings` by unit and
 * limits, through which a request finds the stored rows of each unit under other limits than its
 * own with two index ranges (none, unless the unit's policy changed since they were stored).
 */
export function unstoredSchema(dialect: DialectName): string[] {
  const table = `CREATE TABLE report_unstored (
      record_id TEXT PRIMARY KEY,
      unit_id TEXT NOT NULL,
      t0 TEXT NOT NULL,
      version INTEGER NOT NULL,
      stored INTEGER NOT NULL)`;
  const indexes = [
    'CREATE INDEX report_unstored_unit ON report_unstored (unit_id, t0)',
    `CREATE INDEX record_findings_limits
      ON record_findings (unit_id, ${limitsIndexed(dialect, 'limits')})`,
  ];
  const fill = `INSERT INTO report_unstored (${UNSTORED_COLUMNS}) ${unstoredOf(null)}`;
  // Triggers fire for these columns only: the others (the findings' text, the list clock, a
  // summary's name or status) do not change membership.
  const watched = [
    ['record_summaries', 'summary', 'record_id, unit_id, t0, version'],
    ['record_findings', 'findings', 'record_id, unit_id, version, device_entries'],
    ['device_entries', 'device', 'record_id, status'],
  ] as const;
  if (dialect === 'sqlite') {
    const again = (id: string, when = '') => `
      DELETE FROM report_unstored WHERE record_id = ${id}${when};
      INSERT INTO report_unstored (${UNSTORED_COLUMNS}) ${unstoredOf(id)}${when};`;
    return [
      table,
      ...indexes,
      ...watched.flatMap(([on, name, columns]) => [
        `CREATE TRIGGER report_unstored_${name}_insert AFTER INSERT ON ${on} BEGIN
          ${again('new.record_id')}
        END`,
        `CREATE TRIGGER report_unstored_${name}_update AFTER UPDATE OF ${columns} ON ${on} BEGIN
          ${again('new.record_id')}
          ${again('old.record_id', ' AND old.record_id <> new.record_id')}
        END`,
        `CREATE TRIGGER report_unstored_${name}_delete AFTER DELETE ON ${on} BEGIN
          ${again('old.record_id')}
        END`,
      ]),
      fill,
    ];
  }
  return [
    table,
    ...indexes,
    // One record at a time; ON CONFLICT: a concurrent transaction may have inserted the row
    // since this one's DELETE (it then waits for that one and updates the row).
    `CREATE FUNCTION report_unstored_again(rid TEXT) RETURNS void LANGUAGE plpgsql AS $body$
    BEGIN
      DELETE FROM report_unstored WHERE record_id = rid;
      INSERT INTO report_unstored (${UNSTORED_COLUMNS}) ${unstoredOf('rid')}
      ON CONFLICT (record_id) DO UPDATE SET unit_id = excluded.unit_id, t0 = excluded.t0,
        version = excluded.version, stored = excluded.stored;
    END $body$`,
    `CREATE FUNCTION report_unstored_change() RETURNS trigger LANGUAGE plpgsql AS $body$
    BEGIN
      IF TG_OP <> 'INSERT' THEN PERFORM report_unstored_again(OLD.record_id); END IF;
      IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW.record_id <> OLD.record_id) THEN
        PERFORM report_unstored_again(NEW.record_id);
      END IF;
      RETURN NULL;
    END $body$`,
    ...watched.map(
      ([on, name, columns]) =>
        `CREATE TRIGGER report_unstored_${name} AFTER INSERT OR DELETE OR UPDATE OF ${columns}
          ON ${on} FOR EACH ROW EXECUTE FUNCTION report_unstored_change()`,
    ),
    fill,
  ];
}
