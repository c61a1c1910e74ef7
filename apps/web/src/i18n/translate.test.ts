import { describe, expect, it } from 'vitest';
import { en } from './en.ts';
import { LOCALE_STORAGE_KEY, initialLocale, translate } from './translate.ts';
import { uk } from './uk.ts';

describe('translate', () => {
  it('fills placeholders and leaves unknown ones visible', () => {
    expect(translate('uk', 'users.created', { username: 'petrenko' })).toBe(
      'Користувача petrenko створено.',
    );
    expect(translate('en', 'users.created', {})).toBe('User {username} created.');
  });

  it('has the same keys and placeholders in both languages, and no empty text', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(uk).sort());
    const holes = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(uk) as (keyof typeof uk)[]) {
      expect(holes(en[key]), key).toEqual(holes(uk[key]));
      expect(en[key].trim(), key).not.toBe('');
    }
  });
});

describe('initialLocale', () => {
  it('is Ukrainian unless English was remembered', () => {
    const storage = (value: string | null) => ({ getItem: () => value });
    expect(initialLocale(undefined)).toBe('uk');
    expect(initialLocale(storage(null))).toBe('uk');
    expect(initialLocale(storage('de'))).toBe('uk');
    expect(initialLocale(storage('en'))).toBe('en');
    expect(LOCALE_STORAGE_KEY).toBe('custody.locale');
  });
});
