import { describe, expect, it } from 'vitest';
import { basisText } from './legal-basis.ts';

describe('basisText', () => {
  it('writes Ukrainian citations with article and part, PACE and CMU without "ст."', () => {
    expect(basisText({ basis: { act: 'КПК', article: '211', part: '2' } })).toBe(
      'КПК ст. 211 ч. 2',
    );
    expect(basisText({ basis: { act: 'PACE Code C', article: '9.3' } })).toBe('PACE Code C 9.3');
    expect(basisText({ basis: { act: 'CMU 1363', article: '' } })).toBe('CMU 1363');
  });
});
