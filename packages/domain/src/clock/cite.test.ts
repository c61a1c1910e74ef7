import { describe, expect, test } from 'vitest';
import { cite } from './obligation.ts';

describe('cite: one home for citations (the record page, monitor view and documents use it)', () => {
  test('Ukrainian acts in Ukrainian, and in English for the English interface', () => {
    expect(cite({ act: 'КПК', article: '211', part: '2' }, 'uk')).toBe('КПК ст. 211 ч. 2');
    expect(cite({ act: 'КПК', article: '211', part: '2' }, 'en')).toBe('CPC art. 211(2)');
    expect(cite({ act: 'Конституція', article: '29' }, 'en')).toBe('Constitution art. 29');
    expect(cite({ act: 'КУпАП', article: '263', part: '1' }, 'uk')).toBe('КУпАП ст. 263 ч. 1');
    expect(cite({ act: 'КУпАП', article: '263', part: '1' }, 'en')).toBe('CAO art. 263(1)');
    expect(cite({ act: 'CMU 1363', article: '' }, 'uk')).toBe('постанова КМУ № 1363');
  });

  test('PACE as its lawyers write it, the same in both languages', () => {
    expect(cite({ act: 'PACE', article: '40', part: '3' }, 'uk')).toBe('PACE s.40(3)');
    expect(cite({ act: 'PACE Code C', article: '9.3' }, 'en')).toBe('PACE Code C 9.3');
  });
});
