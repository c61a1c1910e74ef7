import { describe, expect, it } from 'vitest';
import { basisText } from './legal-basis.ts';
import { payloadText } from './payload-text.ts';

describe('payloadText', () => {
  it('lists scalar fields with their paths, skipping the record id and empty strings', () => {
    expect(
      payloadText({
        recordId: 'r1',
        place: 'вул. Хрещатик, 1',
        officers: ['o1', 'o2'],
        note: '',
        ok: true,
      }),
    ).toBe('place: вул. Хрещатик, 1; officers 1: o1; officers 2: o2; ok: true');
  });

  it('keeps at most eight parts and 240 characters', () => {
    const many = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`k${i}`, i]));
    expect(payloadText(many).split('; ')).toHaveLength(8);
    const long = payloadText({ a: 'x'.repeat(500) });
    expect(long).toHaveLength(240);
    expect(long.endsWith('…')).toBe(true);
  });

  it('writes instants on the clock of the unit when told how, else as they came', () => {
    const payload = { kind: 'relative', notifiedAt: '2026-01-15T22:30:00Z' };
    expect(payloadText(payload, { locale: 'uk', timeZone: 'Europe/Kyiv' })).toBe(
      'kind: relative; notifiedAt: 16.01.26, 00:30',
    );
    expect(payloadText(payload, { locale: 'en', timeZone: 'America/New_York' })).toBe(
      'kind: relative; notifiedAt: 15/01/2026, 17:30',
    );
    expect(payloadText(payload)).toBe('kind: relative; notifiedAt: 2026-01-15T22:30:00Z');
    // Dates without a time (a date of birth) are not instants and stay as they are.
    expect(
      payloadText({ dateOfBirth: '1990-05-01' }, { locale: 'uk', timeZone: 'Europe/Kyiv' }),
    ).toBe('dateOfBirth: 1990-05-01');
  });

  it('shows nothing for null and empty payloads', () => {
    expect(payloadText(null)).toBe('');
    expect(payloadText({})).toBe('');
  });
});

describe('basisText', () => {
  it('writes Ukrainian citations with article and part, PACE and CMU without "ст."', () => {
    expect(basisText({ basis: { act: 'КПК', article: '211', part: '2' } })).toBe(
      'КПК ст. 211 ч. 2',
    );
    expect(basisText({ basis: { act: 'PACE Code C', article: '9.3' } })).toBe('PACE Code C 9.3');
    expect(basisText({ basis: { act: 'CMU 1363', article: '' } })).toBe('CMU 1363');
  });
});
