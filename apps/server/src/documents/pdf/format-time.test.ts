import { describe, expect, it } from 'vitest';
import { formatElapsed, formatInstant, languageName } from './format-time.ts';

describe('formatInstant', () => {
  it('shows the unit time zone with its offset, winter and summer', () => {
    expect(formatInstant('2025-01-15T08:40:00Z', 'Europe/Kyiv', 'uk')).toBe(
      '15.01.2025 10:40 (UTC+02:00)',
    );
    expect(formatInstant('2025-07-15T08:40:00Z', 'Europe/Kyiv', 'en')).toBe(
      '2025-07-15 11:40 (UTC+03:00)',
    );
    expect(formatInstant('2025-01-15T08:40:00Z', 'Europe/London', 'en')).toBe(
      '2025-01-15 08:40 (UTC+00:00)',
    );
  });
  it('formats elapsed time', () => {
    expect(formatElapsed('2025-01-15T08:40:00Z', '2025-01-15T09:15:00Z', 'uk')).toBe('35 хв');
    expect(formatElapsed('2025-01-15T08:40:00Z', '2025-01-15T12:45:00Z', 'en')).toBe('4 h 05 min');
  });
});

describe('languageName', () => {
  it('names a language code in the document language, without the code', () => {
    expect(languageName('uk', 'uk')).toBe('українська');
    expect(languageName('pl', 'en')).toBe('Polish');
    expect(languageName('грузинська', 'uk')).toBe('грузинська');
  });
});
