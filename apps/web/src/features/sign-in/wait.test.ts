import { describe, expect, it } from 'vitest';
import type { TFunction } from '../../i18n/index.ts';
import { translate } from '../../i18n/translate.ts';
import { formatWait } from './wait.ts';

describe('formatWait', () => {
  const uk: TFunction = (key, vars) => translate('uk', key, vars);
  it('shows seconds up to a minute and whole minutes, rounded up, beyond', () => {
    expect(formatWait(uk, 40)).toBe('40 с');
    expect(formatWait(uk, 0)).toBe('1 с');
    expect(formatWait(uk, 60)).toBe('60 с');
    expect(formatWait(uk, 61)).toBe('2 хв');
    expect(formatWait(uk, 900)).toBe('15 хв');
  });
});
