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
