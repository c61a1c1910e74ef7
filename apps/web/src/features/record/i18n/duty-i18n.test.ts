import { describe, expect, it } from 'vitest';
import { dutyEn } from './duty.en.ts';
import { dutyUk } from './duty.uk.ts';
import { labelsEn } from './labels.en.ts';
import { labelsUk } from './labels.uk.ts';
import { dutyTranslate, isDutyKey } from './use-duty-t.ts';

const holes = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('duty catalogue', () => {
  it('has the same keys and placeholders in Ukrainian and English, none empty', () => {
    for (const [uk, en] of [
      [dutyUk, dutyEn],
      [labelsUk, labelsEn],
    ] as const) {
      expect(Object.keys(en).sort()).toEqual(Object.keys(uk).sort());
      for (const [key, text] of Object.entries(uk)) {
        const english = (en as Record<string, string>)[key] ?? '';
        expect(holes(english), key).toEqual(holes(text));
        expect(english.trim(), key).not.toBe('');
      }
    }
  });

  it('does not share keys between the screen messages and the labels', () => {
    const shared = Object.keys(dutyUk).filter((k) => Object.hasOwn(labelsUk, k));
    expect(shared).toEqual([]);
  });

  it('fills placeholders in the chosen language', () => {
    expect(dutyTranslate('uk', 'reg.progress', { n: 2, total: 8 })).toBe('Крок 2 з 8');
    expect(dutyTranslate('en', 'reg.progress', { n: 2, total: 8 })).toBe('Step 2 of 8');
    expect(dutyTranslate('en', 'profile.ua_criminal_208')).toBe('CPC art. 208 (no ruling)');
  });

  it('knows which server codes it can translate', () => {
    expect(isDutyKey('refusal.version_conflict')).toBe(true);
    expect(isDutyKey('refusal.no_such_code')).toBe(false);
  });
});
