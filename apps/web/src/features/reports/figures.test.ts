import type { ComplianceCounts } from '@custody/contracts';
import { describe, expect, it } from 'vitest';
import {
  breachesByKind,
  detentionsPerDay,
  lateEntriesByUnit,
  notificationDelays,
  lastThirtyDays,
  partsOf,
  periodOf,
  periodZone,
  totals,
} from './figures.ts';

const n = (count: number, records = count) => ({ count, records });

const counts: ComplianceCounts = {
  from: '2026-03-01T00:00:00.000Z',
  to: '2026-03-08T00:00:00.000Z',
  generatedAt: '2026-03-08T00:00:00.000Z',
  limits: {
    lateEntryMinutes: 15,
    lateRegistrationMinutes: 15,
    notificationOverdueMinutes: 30,
    deliveryDelayMinutes: 60,
  },
  units: [
    {
      unitId: 'u1',
      figures: {
        detentions: n(2),
        'suspicionNotice24h.metLate': n(1),
        'limit72h.overdue': n(1),
        'notification.legal_aid_centre.late': n(1),
        'notification.legal_aid_centre.over3h': n(1),
        'notification.legal_aid_centre.within30m': n(1),
        lateEntries: n(3, 2),
        detentionToRegistration: n(2),
      },
    },
    {
      unitId: 'u2',
      figures: {
        detentions: n(1),
        'notification.relative.late': n(1),
        'notification.relative.over3h': n(1),
      },
    },
  ],
  detentionsPerDay: [
    { date: '2026-03-01', count: 1 },
    { date: '2026-03-02', count: 2 },
  ],
};

describe('compliance figures', () => {
  it('names the parts of a figure per unit and figure, largest first, none empty', () => {
    expect(partsOf(counts, (f) => f.endsWith('.late'))).toEqual([
      { unitId: 'u1', figure: 'notification.legal_aid_centre.late', count: 1 },
      { unitId: 'u2', figure: 'notification.relative.late', count: 1 },
    ]);
    expect(partsOf(counts, (f) => f === 'lateEntries')).toEqual([
      { unitId: 'u1', figure: 'lateEntries', count: 3 },
    ]);
  });

  it('gives detentions per day as the counts answer adds them, oldest day first', () => {
    expect(detentionsPerDay(counts).map((b) => [b.key, b.count])).toEqual([
      ['2026-03-01', 1],
      ['2026-03-02', 2],
    ]);
  });

  it('counts a deadline met late and one still overdue as breaches, and late notifications', () => {
    const byKind = Object.fromEntries(breachesByKind(counts).map((b) => [b.key, b]));
    expect(byKind['suspicionNotice24h']?.parts.map((p) => p.figure)).toEqual([
      'suspicionNotice24h.metLate',
    ]);
    expect(byKind['limit72h']?.count).toBe(1);
    expect(byKind['lateNotifications']?.count).toBe(2);
    expect(byKind['lateNotifications']?.parts.map((p) => p.unitId)).toEqual(['u1', 'u2']);
    expect(byKind['court60h']).toEqual({ key: 'court60h', count: 0, parts: [] });
  });

  it('builds the delay histogram over every kind and unit', () => {
    expect(notificationDelays(counts).map((b) => [b.key, b.count])).toEqual([
      ['within30m', 1],
      ['within1h', 0],
      ['within3h', 0],
      ['over3h', 2],
      ['never', 0],
    ]);
  });

  it('gives late entries per unit and the headline totals', () => {
    expect(lateEntriesByUnit(counts).map((b) => [b.key, b.count])).toEqual([
      ['u1', 3],
      ['u2', 0],
    ]);
    const t = totals(counts);
    expect(t.detentions.count).toBe(3);
    expect(t.breaches.count).toBe(4);
    expect(t.lateNotifications.count).toBe(2);
    expect(t.lateEntries.parts).toEqual([{ unitId: 'u1', figure: 'lateEntries', count: 3 }]);
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
