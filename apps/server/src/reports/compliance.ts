import { zonedDate } from '@custody/domain';
import type {
  DelayBuckets,
  NotificationFigure,
  ReportFigure,
  ReportFinding,
  UnitCompliance,
} from '@custody/contracts';
import type { FigureKey, NotificationDelay, RecordFindings } from './record-findings.ts';
import { bucketOf, notificationFinding } from './report-figures.ts';

function figure(findings: readonly ReportFinding[]): ReportFigure {
  const ids = [...new Set(findings.map((f) => f.recordId))].sort();
  return { count: findings.length, recordIds: ids, findings: [...findings] };
}

function notificationFigures(records: readonly RecordFindings[]): NotificationFigure[] {
  const byKind = new Map<string, { recordId: string; delay: NotificationDelay }[]>();
  for (const r of records) {
    for (const delay of r.notifications) {
      const list = byKind.get(delay.kind) ?? [];
      list.push({ recordId: r.recordId, delay });
      byKind.set(delay.kind, list);
    }
  }
  return [...byKind.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([kind, list]) => {
      const finding = ({ recordId, delay }: (typeof list)[number]): ReportFinding =>
        notificationFinding(recordId, delay);
      const inBucket = (b: keyof DelayBuckets) =>
        figure(list.filter((x) => bucketOf(x.delay.minutes) === b).map(finding));
      return {
        kind,
        required: list.length,
        late: figure(list.filter((x) => x.delay.late).map(finding)),
        buckets: {
          within30m: inBucket('within30m'),
          within1h: inBucket('within1h'),
          within3h: inBucket('within3h'),
          over3h: inBucket('over3h'),
          never: inBucket('never'),
        },
      };
    });
}

/**
 * Aggregates the findings of one unit's records into the compliance figures of domain.md §7,
 * each with the records behind it; days are calendar days in the unit's time zone.
 */
export function unitCompliance(
  unitId: string,
  records: readonly RecordFindings[],
  timeZone: string,
): UnitCompliance {
  const by = new Map<FigureKey, ReportFinding[]>();
  for (const r of records) {
    for (const { key, finding } of r.findings) {
      const list = by.get(key) ?? [];
      list.push(finding);
      by.set(key, list);
    }
  }
  const f = (key: FigureKey) => figure(by.get(key) ?? []);
  const days = new Map<string, string[]>();
  for (const r of records) {
    const day = zonedDate(Date.parse(r.t0), timeZone);
    days.set(day, [...(days.get(day) ?? []), r.recordId]);
  }
  return {
    unitId,
    detentions: figure(records.map((r) => ({ recordId: r.recordId, detail: r.t0 }))),
    detentionsPerDay: [...days.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([date, ids]) => ({ date, count: ids.length, recordIds: ids.sort() })),
    lateRegistrations: f('lateRegistrations'),
    detentionToRegistration: f('detentionToRegistration'),
    lateNotifications: notificationFigures(records),
    breaches: {
      suspicionNotice24h: {
        metLate: f('suspicionNotice24h.metLate'),
        overdue: f('suspicionNotice24h.overdue'),
      },
      court60h: { metLate: f('court60h.metLate'), overdue: f('court60h.overdue') },
      limit72h: { metLate: f('limit72h.metLate'), overdue: f('limit72h.overdue') },
      otherLimits: { metLate: f('otherLimits.metLate'), overdue: f('otherLimits.overdue') },
    },
    overDetentions: f('overDetentions'),
    rightsExplainedLate: f('rightsExplainedLate'),
    cellChecks: { late: f('cellChecks.late'), missed: f('cellChecks.missed') },
    deliveryDelays: f('deliveryDelays'),
    juvenilesWithoutDefender: f('juvenilesWithoutDefender'),
    lateEntries: f('lateEntries'),
    forceWithoutEntry: f('forceWithoutEntry'),
    injuriesOnArrival: f('injuriesOnArrival'),
    martialLaw: f('martialLaw'),
  };
}
