import { describe, expect, it } from 'vitest';
import { toastsIn, withToast, type ToastKind } from './toast.tsx';

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

describe('withToast', () => {
  const raise = (list: readonly { id: number; kind: ToastKind }[], id: number, kind: ToastKind) =>
    withToast(list, { id, kind });

  it('keeps one success notice: three entries recorded in a row leave the newest', () => {
    let list = raise([], 1, 'success');
    list = raise(list, 2, 'success');
    list = raise(list, 3, 'success');
    expect(list).toEqual([{ id: 3, kind: 'success' }]);
  });

  it('leaves errors as they were: a success replaces only the success', () => {
    let list = raise([], 1, 'error');
    list = raise(list, 2, 'success');
    list = raise(list, 3, 'error');
    list = raise(list, 4, 'success');
    expect(list.map((t) => t.id)).toEqual([1, 3, 4]);
  });

  it('stacks errors, the newest four kept', () => {
    let list: readonly { id: number; kind: ToastKind }[] = [];
    for (const id of [1, 2, 3, 4, 5]) list = raise(list, id, 'error');
    expect(list.map((t) => t.id)).toEqual([2, 3, 4, 5]);
  });
});
