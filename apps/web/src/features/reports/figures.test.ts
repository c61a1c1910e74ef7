import type { ComplianceReport, ReportFigure, UnitCompliance } from '@custody/contracts';
import { describe, expect, it } from 'vitest';
import {
  breachesByKind,
  detentionsPerDay,
  EMPTY_FIGURE,
  lateEntriesByUnit,
  mergeFigures,
  notificationDelays,
  lastThirtyDays,
  periodOf,
  periodZone,
  totals,
} from './figures.ts';

const fig = (...ids: string[]): ReportFigure => ({
  count: ids.length,
  recordIds: [...new Set(ids)].sort(),
  findings: ids.map((recordId) => ({ recordId })),
});

function unit(unitId: string, patch: Partial<UnitCompliance>): UnitCompliance {
  const deadline = { metLate: EMPTY_FIGURE, overdue: EMPTY_FIGURE };
  const buckets = {
    within30m: EMPTY_FIGURE,
    within1h: EMPTY_FIGURE,
    within3h: EMPTY_FIGURE,
    over3h: EMPTY_FIGURE,
    never: EMPTY_FIGURE,
  };
  return {
    unitId,
    detentions: EMPTY_FIGURE,
    detentionsPerDay: [],
    lateRegistrations: EMPTY_FIGURE,
    detentionToRegistration: EMPTY_FIGURE,
    lateNotifications: [{ kind: 'legal_aid_centre', required: 0, late: EMPTY_FIGURE, buckets }],
    breaches: {
      suspicionNotice24h: deadline,
      court60h: deadline,
      limit72h: deadline,
      otherLimits: deadline,
    },
    overDetentions: EMPTY_FIGURE,
    rightsExplainedLate: EMPTY_FIGURE,
    cellChecks: { late: EMPTY_FIGURE, missed: EMPTY_FIGURE },
    deliveryDelays: EMPTY_FIGURE,
    juvenilesWithoutDefender: EMPTY_FIGURE,
    lateEntries: EMPTY_FIGURE,
    forceWithoutEntry: EMPTY_FIGURE,
    injuriesOnArrival: EMPTY_FIGURE,
    martialLaw: EMPTY_FIGURE,
    ...patch,
  };
}

const buckets = (over3h: ReportFigure, within30m: ReportFigure) => ({
  within30m,
  within1h: EMPTY_FIGURE,
  within3h: EMPTY_FIGURE,
  over3h,
  never: EMPTY_FIGURE,
});

const report: ComplianceReport = {
  from: '2026-03-01T00:00:00.000Z',
  to: '2026-03-08T00:00:00.000Z',
  generatedAt: '2026-03-08T00:00:00.000Z',
  records: [],
  limits: {
    lateEntryMinutes: 15,
    lateRegistrationMinutes: 15,
    notificationOverdueMinutes: 30,
    deliveryDelayMinutes: 60,
  },
  units: [
    unit('u1', {
      detentions: fig('a', 'b'),
      detentionsPerDay: [
        { date: '2026-03-02', count: 1, recordIds: ['b'] },
        { date: '2026-03-01', count: 1, recordIds: ['a'] },
      ],
      breaches: {
        suspicionNotice24h: { metLate: fig('a'), overdue: EMPTY_FIGURE },
        court60h: { metLate: EMPTY_FIGURE, overdue: EMPTY_FIGURE },
        limit72h: { metLate: EMPTY_FIGURE, overdue: fig('b') },
        otherLimits: { metLate: EMPTY_FIGURE, overdue: EMPTY_FIGURE },
      },
      lateNotifications: [
        {
          kind: 'legal_aid_centre',
          required: 2,
          late: fig('a'),
          buckets: buckets(fig('a'), fig('b')),
        },
      ],
      lateEntries: fig('a', 'a', 'b'),
    }),
    unit('u2', {
      detentions: fig('c'),
      detentionsPerDay: [{ date: '2026-03-02', count: 1, recordIds: ['c'] }],
      lateNotifications: [
        { kind: 'relative', required: 1, late: fig('c'), buckets: buckets(fig('c'), EMPTY_FIGURE) },
      ],
    }),
  ],
};

describe('compliance figures', () => {
  it('merges figures: counts add, records distinct and sorted', () => {
    expect(mergeFigures([fig('b', 'a'), fig('a', 'c')])).toMatchObject({
      count: 4,
      recordIds: ['a', 'b', 'c'],
    });
  });

  it('adds detentions per day across units, oldest day first, with the records of each day', () => {
    expect(detentionsPerDay(report).map((b) => [b.key, b.count, b.figure.recordIds])).toEqual([
      ['2026-03-01', 1, ['a']],
      ['2026-03-02', 2, ['b', 'c']],
    ]);
  });

  it('counts a deadline met late and one still overdue as breaches, and late notifications', () => {
    const byKind = Object.fromEntries(
      breachesByKind(report).map((b) => [b.key, b.figure.recordIds]),
    );
    expect(byKind['suspicionNotice24h']).toEqual(['a']);
    expect(byKind['limit72h']).toEqual(['b']);
    expect(byKind['lateNotifications']).toEqual(['a', 'c']);
    expect(byKind['court60h']).toEqual([]);
  });

  it('builds the delay histogram over every kind and unit', () => {
    expect(notificationDelays(report).map((b) => [b.key, b.count])).toEqual([
      ['within30m', 1],
      ['within1h', 0],
      ['within3h', 0],
      ['over3h', 2],
      ['never', 0],
    ]);
  });

  it('gives late entries per unit and the headline totals', () => {
    expect(lateEntriesByUnit(report).map((b) => [b.key, b.count])).toEqual([
      ['u1', 3],
      ['u2', 0],
    ]);
    const t = totals(report);
    expect(t.detentions.count).toBe(3);
    expect(t.breaches.count).toBe(4);
    expect(t.lateNotifications.recordIds).toEqual(['a', 'c']);
  });

  it('turns an inclusive day range into [from, to) of days on the unit clock, refusing a bad one', () => {
    // Kyiv is UTC+2 in winter: 1 March begins at 22:00 UTC on 28 February.
    expect(periodOf('2026-03-01', '2026-03-07', 'Europe/Kyiv')).toEqual({
      from: '2026-02-28T22:00:00Z',
      to: '2026-03-07T22:00:00Z',
    });
    // Across the change to summer time (29 March): the last day ends at 21:00 UTC.
    expect(periodOf('2026-03-28', '2026-03-31', 'Europe/Kyiv')).toEqual({
      from: '2026-03-27T22:00:00Z',
      to: '2026-03-31T21:00:00Z',
    });
    expect(periodOf('2026-03-01', '2026-03-01', 'UTC')).toEqual({
      from: '2026-03-01T00:00:00Z',
      to: '2026-03-02T00:00:00Z',
    });
    expect(periodOf('2026-03-01', '2026-03-01', 'America/New_York')).toEqual({
      from: '2026-03-01T05:00:00Z',
      to: '2026-03-02T05:00:00Z',
    });
    expect(periodOf('2026-03-07', '2026-03-01', 'Europe/Kyiv')).toBeNull();
    expect(periodOf('2025-01-01', '2026-03-01', 'Europe/Kyiv')).toBeNull();
    expect(periodOf('2025-03-01', '2026-03-01', 'Europe/Kyiv')).not.toBeNull();
    expect(periodOf('', '2026-03-01', 'Europe/Kyiv')).toBeNull();
    expect(periodOf('2026-02-30', '2026-03-01', 'Europe/Kyiv')).toBeNull();
    expect(periodOf('2026-03-01', '2026-3-1', 'Europe/Kyiv')).toBeNull();
  });

  it('defaults to the thirty days ending today on the unit clock', () => {
    // 23:30 UTC on 31 March is already 1 April in Kyiv (UTC+3), still 31 March in New York.
    const now = Date.parse('2026-03-31T23:30:00Z');
    expect(lastThirtyDays(now, 'Europe/Kyiv')).toEqual({ from: '2026-03-03', to: '2026-04-01' });
    expect(lastThirtyDays(now, 'America/New_York')).toEqual({
      from: '2026-03-02',
      to: '2026-03-31',
    });
  });

  it('counts days in the chosen unit zone, or the one every unit shares, else the fallback', () => {
    const units = [
      { id: 'kyiv', timeZone: 'Europe/Kyiv' },
      { id: 'lviv', timeZone: 'Europe/Kyiv' },
      { id: 'london', timeZone: 'Europe/London' },
    ];
    expect(periodZone('london', units, 'UTC')).toBe('Europe/London');
    expect(periodZone('kyiv', units, 'UTC')).toBe('Europe/Kyiv');
    expect(periodZone('gone', units, 'UTC')).toBe('UTC');
    expect(periodZone('', units.slice(0, 2), 'UTC')).toBe('Europe/Kyiv');
    expect(periodZone('', units, 'UTC')).toBe('UTC');
    expect(periodZone('', [], 'UTC')).toBe('UTC');
  });
});
