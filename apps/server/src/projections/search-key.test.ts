import { describe, expect, test } from 'vitest';
import { foldForSearch, summarySearchKey } from './search-key.ts';

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
});
