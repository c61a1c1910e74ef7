import { describe, expect, test } from 'vitest';
import { isLate } from './envelope.ts';
import { DOMAIN_ERROR_LABELS, entryLabel, EVENT_LABELS } from './labels.ts';
import {
  EVENT_DESCRIPTIONS,
  EVENT_STAGES,
  EVENT_TYPES,
  parsePayload,
  payloadSchemas,
} from './events.ts';

describe('event catalogue', () => {
  test('every event type has a schema, a one-line description and a stage', () => {
    expect(EVENT_TYPES.length).toBeGreaterThanOrEqual(50);
    for (const type of EVENT_TYPES) {
      expect(payloadSchemas[type]).toBeDefined();
      expect(EVENT_DESCRIPTIONS[type].trim().length).toBeGreaterThan(10);
      expect(EVENT_DESCRIPTIONS[type]).not.toContain('\n');
      expect(EVENT_STAGES[type]).toBeGreaterThanOrEqual(0);
    }
    expect(Object.keys(EVENT_DESCRIPTIONS).sort()).toEqual([...EVENT_TYPES].sort());
  });

  test('every stage 1..13 of domain.md §3 has at least one event', () => {
    const stages = new Set(Object.values(EVENT_STAGES));
    for (let s = 1; s <= 13; s++) expect(stages.has(s as never)).toBe(true);
  });

  test('event names are PascalCase past tense', () => {
    for (const type of EVENT_TYPES) expect(type).toMatch(/^[A-Z][A-Za-z]+(ed|Made|Set|Up|Over)$/);
  });

  test('payloads are strict, trimmed and bounded', () => {
    expect(
      parsePayload('CellCheckRecorded', { condition: ' asleep ', roused: false, concern: false }),
    ).toMatchObject({ success: true, data: { condition: 'asleep' } });
    const extra = parsePayload('CellCheckRecorded', {
      condition: 'asleep',
      roused: false,
      concern: false,
      extra: 1,
    });
    expect(extra.success).toBe(false);
    const blank = parsePayload('CellCheckRecorded', {
      condition: '   ',
      roused: false,
      concern: false,
    });
    expect(blank.error?.issues[0]?.path).toEqual(['condition']);
    const long = parsePayload('DetaineeRequestMade', { request: 'x'.repeat(2001) });
    expect(long.success).toBe(false);
  });

  test('instants are RFC 3339 with any offset, to the minute or the second, kept in UTC', () => {
    const parsed = (scheduledFor: string) =>
      parsePayload('CourtHearingScheduled', { court: 'Шевченківський районний суд', scheduledFor });
    const kept = (s: string) => {
      const r = parsed(s);
      return r.success ? (r.data as { scheduledFor: string }).scheduledFor : r.error.issues;
    };
    expect(kept('2026-03-01T10:00Z')).toBe('2026-03-01T10:00Z');
    expect(kept('2026-03-01T10:00:30Z')).toBe('2026-03-01T10:00:30Z');
    expect(kept('2026-03-01T10:00:00+02:00')).toBe('2026-03-01T08:00:00Z');
    expect(kept('2026-03-01T01:30:00.250-05:30')).toBe('2026-03-01T07:00:00.250Z');
    expect(kept('2026-03-01T00:30+01:00')).toBe('2026-02-28T23:30Z');
    expect(parsed('2026-03-01 10:00').success).toBe(false);
    expect(parsed('2026-03-01T10:00:00').success).toBe(false);
    expect(parsed('2026-03-01T10:00:00+24:00').success).toBe(false);
    const bad = parsed('2026-03-01T10:00:00');
    expect(bad.success ? '' : bad.error.issues[0]?.message).toMatch(/RFC 3339.*\+02:00/);
  });

  test('a time inside a payload keeps the offset it was stated in beside its UTC instant', () => {
    const hearing = (fields: Record<string, string>) => {
      const r = parsePayload('CourtHearingScheduled', {
        court: 'Шевченківський районний суд',
        ...fields,
      });
      return r.success ? r.data : r.error.issues;
    };
    expect(hearing({ scheduledFor: '2026-03-01T10:00:00+02:00' })).toEqual({
      court: 'Шевченківський районний суд',
      scheduledFor: '2026-03-01T08:00:00Z',
      scheduledForOffset: '+02:00',
    });
    expect(hearing({ scheduledFor: '2026-03-01T08:00Z' })).toEqual({
      court: 'Шевченківський районний суд',
      scheduledFor: '2026-03-01T08:00Z',
    });
    // A stored payload parsed again (documents, corrections) stays as it was.
    const stored = { scheduledFor: '2026-03-01T08:00:00Z', scheduledForOffset: '+02:00' };
    expect(hearing(stored)).toEqual({ court: 'Шевченківський районний суд', ...stored });
    const rest = parsePayload('RestPeriodRecorded', {
      from: '2026-03-01T22:00-05:30',
      to: '2026-03-02T06:00:00-05:30',
      interrupted: false,
    });
    expect(rest.success ? rest.data : rest.error.issues).toEqual({
      from: '2026-03-02T03:30Z',
      fromOffset: '-05:30',
      to: '2026-03-02T11:30:00Z',
      toOffset: '-05:30',
      interrupted: false,
    });
    expect(
      hearing({ scheduledFor: '2026-03-01T08:00Z', scheduledForOffset: '2 hours' }),
    ).not.toHaveProperty('scheduledFor');
  });

  test('a release forced by a time limit names the limit', () => {
    const base = {
      ground: 'time_limit_reached',
      legalBasis: 'КПК ст. 211',
      propertyReturned: 'yes',
      recordCopyHandedOver: true,
    };
    expect(parsePayload('DetaineeReleased', base).success).toBe(false);
    expect(parsePayload('DetaineeReleased', { ...base, timeLimit: '72 h' }).success).toBe(true);
  });
});

describe('isLate', () => {
  const at = (occurredAt: string, recordedAt: string) => ({ occurredAt, recordedAt });
  test('late only past the limit, default 15 minutes', () => {
    expect(isLate(at('2026-03-01T10:00Z', '2026-03-01T10:15:00Z'))).toBe(false);
    expect(isLate(at('2026-03-01T10:00Z', '2026-03-01T10:15:01Z'))).toBe(true);
    expect(isLate(at('2026-03-01T10:00Z', '2026-03-01T10:15:01Z'), 30)).toBe(false);
  });
});

describe('labels', () => {
  test('every event type and error code has a Ukrainian and an English label', () => {
    for (const type of EVENT_TYPES) {
      expect(EVENT_LABELS[type].uk).toMatch(/[А-ЯІЇЄҐа-яіїєґ]/);
      expect(EVENT_LABELS[type].en.length).toBeGreaterThan(2);
    }
    for (const label of Object.values(DOMAIN_ERROR_LABELS)) {
      expect(label.uk.length).toBeGreaterThan(3);
      expect(label.en.length).toBeGreaterThan(3);
    }
  });
  test('an entry withheld as health data is named neutrally, whatever its kind', () => {
    expect(entryLabel('IntoxicationRecorded', null, 'uk')).toBe('Стан сп’яніння');
    expect(entryLabel('IntoxicationRecorded', 'health_without_consent', 'uk')).toBe(
      'Запис про здоров’я — приховано',
    );
    expect(entryLabel('EntryCorrected', 'health_without_consent', 'en')).toBe(
      'Health entry — withheld',
    );
    // An erased entry keeps its kind: the erasure is not about health.
    expect(entryLabel('ComplaintMade', 'erased', 'en')).toBe(EVENT_LABELS.ComplaintMade.en);
    expect(entryLabel('SomethingNew', null, 'en')).toBe('SomethingNew');
  });
});
