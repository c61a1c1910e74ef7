import type { ComplianceReport, ReportRecord } from '@custody/contracts';
import { settingsAt, type ClockSettingsInput, type CustodyEvent } from '@custody/domain';
import type { Database } from '../db/database.ts';
import { deviceStamps } from '../devices/device-stamps.ts';
import { projectionDb } from '../projections/record-summaries.table.ts';
import { recordStream, toCustodyEvent } from '../records/record-cache.ts';
import type { EventStore } from '../store/index.ts';
import { unitCompliance } from './compliance.ts';
import { recordFindings, type RecordFindings, type ReportLimits } from './record-findings.ts';

const DAY = 24 * 3600 * 1000;
const PARALLEL = 16;

export interface ComplianceSource {
  readonly database: Database;
  readonly store: EventStore;
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

/** Records of the units whose actual detention (t0) lies in [from, to), by unit. */
async function recordsInRange(
  database: Database,
  r: ComplianceRequest,
): Promise<(ReportRecord & { unitId: string })[]> {
  if (r.unitIds.length === 0) return [];
  const from = Date.parse(r.from);
  const to = Date.parse(r.to);
  // t0 is stored as the officer stated it (seconds or milliseconds), so the SQL window is
  // widened by a day and the exact bound applied to the parsed instant.
  const rows = await projectionDb(database)
    .selectFrom('record_summaries')
    .select(['record_id', 'unit_id', 't0', 'person_name', 'custody_number'])
    .where('unit_id', 'in', [...r.unitIds])
    .where('t0', '>=', new Date(from - DAY).toISOString())
    .where('t0', '<', new Date(to + DAY).toISOString())
    .orderBy('record_id')
    .execute();
  return rows
    .filter((row) => Date.parse(row.t0) >= from && Date.parse(row.t0) < to)
    .map((row) => ({
      recordId: row.record_id,
      unitId: row.unit_id,
      personName: row.person_name,
      custodyNumber: row.custody_number,
      t0: new Date(row.t0).toISOString(),
    }));
}

async function findingsOf(
  source: ComplianceSource,
  record: { recordId: string; unitId: string },
  r: ComplianceRequest,
): Promise<RecordFindings | null> {
  const { recordId, unitId } = record;
  const clock = r.unitClocks?.get(unitId) ?? r.limits.clock;
  const stored = await source.store.readStream(recordStream(recordId));
  const events = stored.map(toCustodyEvent).filter((e): e is CustodyEvent => e !== null);
  const marks = await deviceStamps(source.database, recordId);
  const deviceLate = new Map(
    [...marks].map(([id, m]) => [id, { late: m.late, correctedTime: m.stamp.correctedTime }]),
  );
  return recordFindings(recordId, events, { ...r.limits, clock }, r.now, deviceLate);
}

/**
 * The compliance report of domain.md §7 computed from the log: each record of the units detained
 * in the period is folded with the domain and read with the legal clock at `now`, so a figure
 * is always what the tamper-evident log says, never a cached projection.
 */
export async function complianceReport(
  source: ComplianceSource,
  r: ComplianceRequest,
): Promise<ComplianceReport> {
  const records = await recordsInRange(source.database, r);
  const findings = new Map<string, RecordFindings>();
  for (let i = 0; i < records.length; i += PARALLEL) {
    const batch = records.slice(i, i + PARALLEL);
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
    units,
    records: records.map(({ recordId, personName, custodyNumber, t0 }) => ({
      recordId,
      personName,
      custodyNumber,
      t0,
    })),
  };
}
