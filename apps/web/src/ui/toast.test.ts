import { describe, expect, it } from 'vitest';
import { toastsIn } from './toast.tsx';

describe('toastsIn', () => {
  const raised = [
    { id: 1, locale: 'uk' as const, text: 'Картку відкрито.' },
    { id: 2, locale: 'en' as const, text: 'Tablet revoked.' },
    { id: 3, locale: 'uk' as const, text: 'Збережено.' },
  ];

  it('shows only the notices worded in the current language, in the order raised', () => {
    expect(toastsIn(raised, 'uk').map((t) => t.id)).toEqual([1, 3]);
    expect(toastsIn(raised, 'en').map((t) => t.text)).toEqual(['Tablet revoked.']);
  });

  it('shows nothing after a switch to a language no notice was worded in', () => {
    expect(toastsIn(raised.slice(0, 1), 'en')).toEqual([]);
  });
});
