import { GLOSSARY, type Term } from '@custody/domain';
import { describe, expect, it } from 'vitest';
import { uk } from './labels.uk.ts';

/** Every string of the Ukrainian PDF labels, however deeply nested (functions called with probes). */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (typeof value === 'function') return strings((value as (...a: string[]) => unknown)('1', '2'));
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap(strings);
  return [];
}

describe('the documents speak the glossary (packages/domain/src/glossary.ts)', () => {
  const texts = strings(uk);
  it.each(Object.entries(GLOSSARY) as [string, Term][])('no avoided word for "%s"', (_, t) => {
    for (const word of t.avoid ?? []) {
      expect(
        texts.filter((s) => s.includes(word)),
        word,
      ).toEqual([]);
    }
  });
});
