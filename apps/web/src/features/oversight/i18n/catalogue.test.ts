import { describe, expect, it } from 'vitest';
import { oversightEn } from './en.ts';
import { translateOversight } from './index.ts';
import { oversightUk } from './uk.ts';

const placeholders = (s: string): string[] =>
  [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '').sort();

describe('oversight catalogue', () => {
  it('has the same placeholders in both languages and no empty text', () => {
    for (const [key, uk] of Object.entries(oversightUk)) {
      const en = oversightEn[key as keyof typeof oversightUk];
      expect(placeholders(en), key).toEqual(placeholders(uk));
      expect(uk.trim() && en.trim(), key).not.toBe('');
    }
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(translateOversight('uk', 'verify.failed', { failed: 2 })).toBe(
      'Перевірка НЕ пройдена. Не підтверджено записів: 2.',
    );
    expect(translateOversight('en', 'reports.drill', {})).toBe('Records: {figure}');
  });
});
