import type { ComplianceReport, ReportRecord } from '@custody/contracts';
import { settingsAt, type ClockSettingsInput, type CustodyEvent } from '@custody/domain';
import { sql } from 'kysely';
import type { Database } from '../db/database.ts';
import { deviceStamps, type DeviceMark } from '../devices/device-stamps.ts';
import { toCustodyEvent, type RecordCache } from '../records/record-cache.ts';
import type { EventStore } from '../store/index.ts';
import { unitCompliance } from './compliance.ts';
import {
  findingsOfState,
  recordFindings,
  type RecordFindings,
  type ReportLimits,
} from './record-findings.ts';
import { limitsKey } from './stored-findings.ts';
import { recordStream } from '../streams.ts';

const DAY = 24 * 3600 * 1000;
/** Records folded at once. */
export const PARALLEL = 16;

export interface ComplianceSource {
  readonly database: Database;
  readonly store: EventStore;
  /**
   * Records folded by stream version: a record folded from the log for the counts or a
   * drill-down (in custody now, or its stored findings stale) is read and folded again only past
   * the version already folded; its findings are read with the clock at each request's now.
   */
  readonly records?: RecordCache;
}

export interface ComplianceRequest {
  readonly unitIds: readonly string[];
  readonly from: string;
  readonly to: string;
  readonly now: string;
  /** The zone of a unit without its own in `unitTimeZones`. */
  readonly timeZone: string;
  /** Each unit's own zone: its days are counted in it (domain.md, "Time"). */
  readonly unitTimeZones?: ReadonlyMap<string, string>;
  readonly limits: ReportLimits;
  /** Each unit's clock settings (its policy), over `limits.clock` (the installation's). */
  readonly unitClocks?: ReadonlyMap<string, ClockSettingsInput>;
}

/** A record of the report, with its stored findings when they hold for it now. */
type InRange = ReportRecord & { unitId: string; stored: RecordFindings | null };

/**
 * Records of the units whose actual detention (t0) lies in [from, to), by unit, each with its
 * stored findings (reports/stored-findings.ts) when they were computed at the record's current
 * version, under the report's limits and with the tablet entries the record has now.
 */
async function recordsInRange(database: Database, r: ComplianceRequest): Promise<InRange[]> {
  if (r.unitIds.length === 0) return [];
  const from = Date.parse(r.from);
  const to = Date.parse(r.to);
  const keys = new Map(r.unitIds.map((u) => [u, limitsKey(limitsOf(r, u))]));
  // t0 is stored as the officer stated it (seconds or milliseconds), so the SQL window is
  // widened by a day and the exact bound applied to the parsed instant.
  const { rows } = await sql<{
    record_id: string;
    unit_id: string;
    t0: string;
    person_name: string;
    custody_number: string | null;
    limits: string | null;
    findings: string | null;
    device_entries: number | string | null;
    devices: number | string;
  }>`SELECT s.record_id, s.unit_id, s.t0, s.person_name, s.custody_number,
      f.limits, f.findings, f.device_entries,
      (SELECT count(*) FROM device_entries d
        WHERE d.record_id = s.record_id AND d.status = 'accepted') AS devices
    FROM record_summaries s
    LEFT JOIN record_findings f ON f.record_id = s.record_id AND f.version = s.version
    WHERE s.unit_id IN (${sql.join([...r.unitIds])})
      AND s.t0 >= ${new Date(from - DAY).toISOString()}
      AND s.t0 < ${new Date(to + DAY).toISOString()}
    ORDER BY s.record_id`.execute(database.db);
  return rows
    .filter((row) => Date.parse(row.t0) >= from && Date.parse(row.t0) < to)
    .map((row) => {
      const holds =
        row.findings !== null &&
        row.limits === keys.get(row.unit_id) &&
        Number(row.device_entries) === Number(row.devices);
      return {
        recordId: row.record_id,
        unitId: row.unit_id,
        personName: row.person_name,
        custodyNumber: row.custody_number,
        t0: new Date(row.t0).toISOString(),
        stored: holds ? (JSON.parse(row.findings ?? 'null') as RecordFindings) : null,
      };
    });
}

/** The limits of a unit's records: the report's, with the unit's clock (its policy). */
export function limitsOf(r: ComplianceRequest, unitId: string): ReportLimits {
  return { ...r.limits, clock: r.unitClocks?.get(unitId) ?? r.limits.clock };
}

/** A record's findings folded from the log with the legal clock at the request's now. */
export async function findingsOf(
  source: ComplianceSource,
  record: { recordId: string; unitId: string; version?: number },
  r: ComplianceRequest,
  /** The record's device stamps when read already (`recordsDeviceStamps`). */
  stamps?: ReadonlyMap<string, DeviceMark>,
): Promise<RecordFindings | null> {
  const { recordId, unitId, version } = record;
  const marks = stamps ?? (await deviceStamps(source.database, recordId));
  const deviceLate = new Map(
    [...marks].map(([id, m]) => [id, { late: m.late, correctedTime: m.stamp.correctedTime }]),
  );
  if (source.records !== undefined && version !== undefined) {
    // At least the version of the record's summary: a fold the domain cannot make is left out.
    const loaded = await source.records.get(recordId, version).catch(() => undefined);
    if (loaded?.state === undefined) return null;
    return findingsOfState(
      recordId,
      loaded.state,
      loaded.events,
      limitsOf(r, unitId),
      r.now,
      deviceLate,
    );
  }
  const stored = await source.store.readEvents(recordStream(recordId));
  const events = stored.map(toCustodyEvent).filter((e): e is CustodyEvent => e !== null);
  return recordFindings(recordId, events, limitsOf(r, unitId), r.now, deviceLate);
}

/** What every answer about a report states: its period, when it was made, its limits. */
export function reportHeader(
  r: ComplianceRequest,
): Pick<ComplianceReport, 'from' | 'to' | 'generatedAt' | 'limits'> {
  return {
    from: new Date(r.from).toISOString(),
    to: new Date(r.to).toISOString(),
    generatedAt: r.now,
    limits: {
      lateEntryMinutes: r.limits.lateEntryMinutes,
      lateRegistrationMinutes: r.limits.lateRegistrationMinutes,
      // The installation's figure; a unit whose policy differs applies its own to its records.
      notificationOverdueMinutes: settingsAt(r.limits.clock, Date.parse(r.now))
        .notificationOverdueMinutes,
      deliveryDelayMinutes: r.limits.deliveryDelayMinutes,
    },
  };
}

/**
 * The compliance report of domain.md §7: each record of the units detained in the period is
 * folded with the domain and read with the legal clock at `now`, or, once its custody ended, its
 * findings are read as the append that last changed it stored them (the same fold, made then:
 * the clock of a closed record stops at its end); a stored finding of an older version, other
 * limits or fewer tablet entries is not used, and the record is folded from the log.
 */
export async function complianceReport(
  source: ComplianceSource,
  r: ComplianceRequest,
): Promise<ComplianceReport> {
  const records = await recordsInRange(source.database, r);
  const findings = new Map<string, RecordFindings>();
  for (const x of records) if (x.stored !== null) findings.set(x.recordId, x.stored);
  const toFold = records.filter((x) => x.stored === null);
  for (let i = 0; i < toFold.length; i += PARALLEL) {
    const batch = toFold.slice(i, i + PARALLEL);
    const done = await Promise.all(batch.map((x) => findingsOf(source, x, r)));
    done.forEach((f) => {
      if (f !== null) findings.set(f.recordId, f);
    });
  }
  const units = [...r.unitIds].sort().map((unitId) => {
    const mine = records.flatMap((x) => {
      const f = x.unitId === unitId ? findings.get(x.recordId) : undefined;
      return f === undefined ? [] : [f];
    });
    return unitCompliance(unitId, mine, r.unitTimeZones?.get(unitId) ?? r.timeZone);
  });
  return {
    ...reportHeader(r),
    units,
    records: records.map(({ recordId, personName, custodyNumber, t0 }) => ({
      recordId,
      personName,
      custodyNumber,
      t0,
    })),
  };
}
