import { describe, expect, test } from 'vitest';
import { custodyNumberStart, foldForSearch, summarySearchKey } from './search-key.ts';

describe('search folding', () => {
  test('case, the three apostrophes and ґ/г fold to one text', () => {
    const forms = ["Мар'яненко Ґалина", 'МАР’ЯНЕНКО ҐАЛИНА', 'марʼяненко галина', 'Марьяненко'];
    expect(forms.slice(0, 3).map(foldForSearch)).toEqual([
      'маряненко галина',
      'маряненко галина',
      'маряненко галина',
    ]);
    // The soft sign is a letter, not an apostrophe.
    expect(foldForSearch(forms[3] ?? '')).toBe('марьяненко');
  });

  test('decomposed letters, dashes and runs of whitespace fold too', () => {
    expect(foldForSearch('Йосипенко–Ївченко\t  Олег ')).toBe('йосипенко-ївченко олег');
    expect(foldForSearch('Йосипенко'.normalize('NFD'))).toBe('йосипенко');
    expect(foldForSearch('КР–1/2025')).toBe('кр-1/2025');
  });

  test('a summary key keeps name and number apart, so a query matches within one', () => {
    expect(summarySearchKey("Дем'янчук Ігор", 'КР-7/2025')).toBe('демянчук ігор\nкр-7/2025');
    expect(summarySearchKey('Дем’янчук Ігор', null)).toBe('демянчук ігор');
    expect(foldForSearch('ігор\nкр')).toBe('ігор кр');
  });

  test('a query looks like a custody number from the unit code, a hyphen and a digit on', () => {
    for (const q of [
      'КР-0142/2025',
      'kv-2025-0001',
      'KV-4-2025',
      'кр-1',
      'ЗП–7',
      'KV-SHEV-2026-0009',
      'аб-кр-1',
    ]) {
      expect(custodyNumberStart(foldForSearch(q))).toBe(foldForSearch(q));
    }
    for (const q of [
      'кр-',
      'кр',
      '0142/2025',
      'кр 1',
      'аб-кр',
      'kv-shev-',
      'Шевчук',
      'шевчук-1 олег',
    ]) {
      expect(custodyNumberStart(foldForSearch(q))).toBeNull();
    }
  });
});
